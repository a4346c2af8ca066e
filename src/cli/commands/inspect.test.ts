import { describe, expect, it } from 'vitest';
import { FakeApp } from '../testing/fake-app.ts';
import { failingRun, successRun, t0, waitingRun } from '../testing/fixtures.ts';
import { runCli } from '../testing/run-cli.ts';
import { cancelReason } from './cancel.ts';

function appWith(...runs: Array<ReturnType<typeof successRun>>): FakeApp {
  const app = new FakeApp();
  for (const run of runs) app.runs.set(run.final.id, run.final);
  return app;
}

describe('autodevops validate', () => {
  const diagnostic = { location: { file: 'bad.yml', line: 4, column: 7 }, message: 'unexpected value' };

  it('prints `<file>: ok` for clean files and exits 0', async () => {
    const app = new FakeApp();
    app.validations = [{ file: 'a.yml', diagnostics: [] }];
    expect(await runCli(['validate', 'a.yml'], { app })).toMatchObject({ code: 0, stdout: 'a.yml: ok\n', stderr: '' });
    expect(app.calls).toEqual([['validate', ['a.yml']]]);
  });

  it('prints every diagnostic as file:line:col and exits 2 when any file has one', async () => {
    const app = new FakeApp();
    app.validations = [{ file: 'a.yml', diagnostics: [] }, { file: 'bad.yml', diagnostics: [diagnostic, { ...diagnostic, message: 'second' }] }];
    const result = await runCli(['validate', 'a.yml', 'bad.yml'], { app });
    expect(result).toMatchObject({ code: 2, stdout: 'a.yml: ok\nbad.yml:4:7: unexpected value\nbad.yml:4:7: second\n', stderr: '2 problems in 1 of 2 files\n' });
    app.validations = [{ file: 'bad.yml', diagnostics: [diagnostic] }];
    expect((await runCli(['validate', 'bad.yml'], { app })).stderr).toBe('1 problem in 1 of 1 file\n');
  });

  it('prints one JSON object with --json', async () => {
    const app = new FakeApp();
    app.validations = [{ file: 'bad.yml', diagnostics: [diagnostic] }];
    const result = await runCli(['validate', 'bad.yml', '--json'], { app });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, files: app.validations });
    app.validations = [];
    expect(await runCli(['validate', 'x', '--json'], { app })).toMatchObject({ code: 0, stdout: '{"ok":true,"files":[]}\n' });
  });
});

describe('autodevops list', () => {
  it('prints a table of runs with their status or conclusion and age', async () => {
    const app = appWith(failingRun('01jaaa'), waitingRun('01jbbb'));
    const result = await runCli(['list', '--status', 'completed,waiting', '--limit', '5'], { app });
    expect(app.calls).toEqual([['listRuns', { limit: 5, status: ['completed', 'waiting'] }]]);
    expect(result.stdout).toBe(
      'ID      WORKFLOW  EVENT  STATUS     AGE\n' +
      '01jaaa  ci        push   ✗ failure  5s ago\n' +
      '01jbbb  ci        push   ⏸ waiting  5s ago\n',
    );
  });

  it('says how to start when there are no runs, uses limit 20 by default, and prints JSON with --json', async () => {
    const app = new FakeApp();
    expect((await runCli(['list'], { app })).stdout).toBe('No runs yet. Start one with `autodevops run`.\n');
    expect(app.calls).toEqual([['listRuns', { limit: 20 }]]);
    app.runs.set('r', successRun('r').final);
    expect(JSON.parse((await runCli(['list', '--json'], { app })).stdout)).toEqual([
      { id: 'r', workflowName: 'ci', workflowFile: '.github/workflows/ci.yml', event: 'push', status: 'completed', conclusion: 'success', createdAt: t0, updatedAt: t0 + 550 },
    ]);
  });
});

describe('autodevops show', () => {
  it('prints the run by unique prefix, or its view as JSON', async () => {
    const run = failingRun('01jabc');
    const app = appWith(run);
    const text = await runCli(['show', '01ja'], { app });
    expect(text.stdout).toContain('Run 01jabc  ci (.github/workflows/ci.yml)\n');
    expect(text.stdout).toContain('    ✗ Test  2.5s  build/1\n');
    expect(JSON.parse((await runCli(['show', '01jabc', '--json'], { app })).stdout)).toEqual(run.final);
  });

  it('exits 2 for an unknown run', async () => {
    const result = await runCli(['show', 'nope']);
    expect([result.code, result.stderr]).toEqual([2, 'error[ADO_RUN_NOT_FOUND]: no run has the id "nope"\nhint: List runs with `autodevops list`.\n']);
  });
});

describe('autodevops logs', () => {
  function appWithLogs(): FakeApp {
    const run = failingRun();
    const app = appWith(run);
    for (const e of run.events) if (e.kind === 'log') app.logs.push(e.chunk);
    return app;
  }

  it('prints stored lines prefixed by their step, optionally of one step', async () => {
    const app = appWithLogs();
    expect((await runCli(['logs', 'run-1', '--step', 'build/0'], { app })).stdout).toBe('[build/0] checked out\n');
    expect(app.calls).toEqual([['readLogs', 'run-1', { step: 'build/0' }]]);
    expect((await runCli(['logs', 'run-1'], { app })).stdout.split('\n')).toHaveLength(7);
  });

  it('prints chunks as JSON lines with --json', async () => {
    const result = await runCli(['logs', 'run-1', '--json', '--step', 'build/0'], { app: appWithLogs() });
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'log', runId: 'run-1', chunk: { stepKey: 'build/0', text: 'checked out\n' } });
  });

  it('follows until the run ends, then prints the summary and exits with the run\'s code', async () => {
    const result = await runCli(['logs', 'run-1', '-f'], { app: appWithLogs() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[build/1] FAIL a.test.ts\n\n✗ failure  ci (push) in 3.8s\n');
    const json = await runCli(['logs', 'run-1', '-f', '--json'], { app: appWithLogs() });
    expect(JSON.parse(json.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({ kind: 'result', exitCode: 1, runs: [{ id: 'run-1' }] });
  });

  it('stops following on Ctrl-C without cancelling the run (exit 130); a second Ctrl-C exits at once', async () => {
    const app = appWithLogs();
    app.followForever = true;
    const result = await runCli(['logs', 'run-1', '-f'], { app, interrupts: [20] });
    expect([result.code, result.exits]).toEqual([130, []]);
    expect(app.calls.some((c) => c[0] === 'cancel')).toBe(false);
    expect((await runCli(['logs', 'run-1', '-f'], { app, interrupts: ['now', 'now'] })).exits).toEqual([130]);
  });

  it('passes on follow errors that are not caused by Ctrl-C', async () => {
    const app = appWithLogs();
    app.followLogs = () => Promise.reject(new Error('store closed'));
    expect((await runCli(['logs', 'run-1', '-f'], { app })).stderr).toContain('error[ADO_INTERNAL]: store closed');
  });
});

describe('autodevops cancel', () => {
  it('cancels the run named by prefix', async () => {
    const app = appWith(waitingRun('01jxyz'));
    const result = await runCli(['cancel', '01jx'], { app });
    expect(app.calls).toEqual([['cancel', '01jxyz', cancelReason]]);
    expect(result).toMatchObject({ code: 0, stdout: 'Cancelling run 01jxyz. See it with: autodevops show 01jxyz\n' });
    expect((await runCli(['cancel', '01jx', '--json'], { app })).stdout).toBe('{"runId":"01jxyz","cancelRequested":true}\n');
  });
});
