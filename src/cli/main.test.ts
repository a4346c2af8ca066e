import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { AutodevopsError } from '../core/errors.ts';
import { main, renderCliMarkdown, version } from './main.ts';
import { FakeApp } from './testing/fake-app.ts';
import { runCli } from './testing/run-cli.ts';

describe('main', () => {
  it('prints the version, as text or JSON, without opening the App', async () => {
    expect(version).toBe(pkg.version);
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, configs: [] });
    expect((await runCli(['run', '--version', '--json'])).stdout).toBe(`{"version":"${pkg.version}"}\n`);
  });

  it('prints help for --help, help and help <command>; an empty command line is a usage error', async () => {
    const overview = await runCli(['--help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('Usage: autodevops <command> [arguments] [flags]');
    expect((await runCli(['help'])).stdout).toBe(overview.stdout);
    expect((await runCli(['help', 'logs'])).stdout).toContain('Usage: autodevops logs <run> [flags]');
    expect((await runCli(['show', '-h'])).stdout).toContain('Usage: autodevops show <run> [flags]');
    const empty = await runCli([]);
    expect([empty.code, empty.stdout, empty.stderr]).toEqual([2, '', overview.stdout]);
    expect((await runCli(['help', 'lst'])).stderr).toContain('error[ADO_USAGE]: unknown command "lst" (did you mean "list"?)');
  });

  it('exports the docs renderer for scripts/gen-cli-doc.mjs', () => {
    expect(renderCliMarkdown()).toContain('# autodevops command line');
  });

  it('prints usage errors with their code and a hint naming the command; exit 2', async () => {
    const result = await runCli(['logs', 'r1', '--stpe', 'x']);
    expect(result).toMatchObject({ code: 2, stdout: '', configs: [] });
    expect(result.stderr).toBe('error[ADO_USAGE]: unknown flag --stpe (did you mean --step?)\nhint: Run `autodevops help logs` for the accepted arguments and flags.\n');
  });

  it('prints errors as one JSON object with --json', async () => {
    const result = await runCli(['show', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'ADO_USAGE', category: 'user-input', message: 'autodevops show needs <run>', hint: 'Run `autodevops help show` for the accepted arguments and flags.', diagnostics: [] },
    });
  });

  it('prints diagnostics as file:line:col between message and hint, and colours on a colour terminal', async () => {
    const app = new FakeApp();
    app.startRun = async () => {
      throw new AutodevopsError('ADO_WORKFLOW_INVALID', 'ci.yml is not a valid workflow', { diagnostics: [{ location: { file: 'ci.yml', line: 3, column: 5 }, message: 'unknown key "jbos"' }] });
    };
    const result = await runCli(['run', 'ci.yml'], { app });
    expect(result.stderr).toBe('error[ADO_WORKFLOW_INVALID]: ci.yml is not a valid workflow\nci.yml:3:5: unknown key "jbos"\nhint: Fix each error at the file:line:col shown; `autodevops validate <file>` lists them all.\n');
    expect(app.closed).toBe(true);
    const coloured = await runCli(['run', 'ci.yml'], { app, env: { FORCE_COLOR: '1' } });
    expect(coloured.stderr.startsWith('\x1b[31m\x1b[1merror[ADO_WORKFLOW_INVALID]')).toBe(true);
    expect((await runCli(['run', 'ci.yml', '--no-color'], { app, env: { FORCE_COLOR: '1' } })).stderr.startsWith('error[')).toBe(true);
  });

  it('reports unexpected errors as ADO_INTERNAL (exit 1), with the stack only under AUTODEVOPS_DEBUG', async () => {
    const app = new FakeApp();
    app.listRuns = async () => {
      throw new TypeError('boom');
    };
    const result = await runCli(['list'], { app });
    expect([result.code, result.stderr]).toEqual([1, 'error[ADO_INTERNAL]: boom\nhint: Please report it with the output of the failing command.\n']);
    expect((await runCli(['list'], { app, env: { AUTODEVOPS_DEBUG: '1' } })).stderr).toContain('TypeError: boom\n    at ');
    app.listRuns = () => Promise.reject('a string');
    expect((await runCli(['list'], { app })).stderr).toContain('error[ADO_INTERNAL]: a string');
  });

  it('opens the App with the working directory, environment and --data-dir resolved against it', async () => {
    const result = await runCli(['list', '--data-dir', 'state'], { cwd: '/project', env: { A: '1' } });
    expect(result.configs).toEqual([{ cwd: '/project', env: { A: '1' }, dataDir: '/project/state' }]);
    expect((await runCli(['list'])).configs).toEqual([{ cwd: '/work', env: {} }]);
  });

  it('uses the real process when given nothing', async () => {
    const write = process.stdout.write.bind(process.stdout);
    let printed = '';
    process.stdout.write = ((text: string) => ((printed += text), true)) as typeof process.stdout.write;
    try {
      expect(await main(['--version'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(printed).toBe(`${pkg.version}\n`);
  });
});
