import { describe, expect, it } from 'vitest';
import { StepFailure } from '../../core/failure.ts';
import { runChecked, runHostCommand } from './host-command.ts';
import { builtinContext } from './testing/builtin-context.ts';
import { githubOf, workspaceOf } from './workspace.ts';

const base = { cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } };

describe('host commands', () => {
  it('captures output and the exit code, streaming to the log when asked', async () => {
    const logged: string[] = [];
    const r = await runHostCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'], { ...base, log: (stream, text) => logged.push(`${stream}:${text}`) });
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(logged.sort()).toEqual(['stderr:err\n', 'stdout:out\n']);
  });

  it('fails with the command and its last error lines, and rejects when the program does not exist', async () => {
    await expect(runChecked('sh', ['-c', 'echo bad thing >&2; exit 2'], base)).rejects.toThrow('`sh -c echo bad thing >&2; exit 2` failed with exit code 2: bad thing');
    await expect(runChecked('sh', ['-c', 'exit 1'], base)).rejects.toThrow(/failed with exit code 1$/);
    expect(await runChecked('sh', ['-c', 'echo fine'], base)).toBe('fine\n');
    await expect(runHostCommand('no-such-program-here', [], base)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('kills a program that outlives its time limit, and rethrows the step signal when that aborts', async () => {
    const timed = await runHostCommand('sleep', ['30'], { ...base, timeoutMs: 100 });
    expect(timed.exitCode).not.toBe(0);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new StepFailure('cancelled', 'stop')), 100);
    await expect(runHostCommand('sleep', ['30'], { ...base, signal: controller.signal, timeoutMs: 60_000 })).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('workspace of a step', () => {
  it('is github.workspace, else GITHUB_WORKSPACE, else the step directory', async () => {
    const ctx = await builtinContext({ uses: 'actions/checkout@v4', workspace: '/ws' });
    expect(workspaceOf(ctx)).toBe('/ws');
    ctx.contexts = {};
    expect(githubOf(ctx)).toEqual({});
    ctx.env.GITHUB_WORKSPACE = '/from-env';
    expect(workspaceOf(ctx)).toBe('/from-env');
    delete ctx.env.GITHUB_WORKSPACE;
    expect(workspaceOf(ctx)).toBe(ctx.step.workingDirectory);
    await ctx.cleanup();
  });
});
