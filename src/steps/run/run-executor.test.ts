import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failureKind, StepFailure } from '../../core/failure.ts';
import type { StepResult } from '../../engine/ports/step.ts';
import { readProcessTable } from '../process-tree.ts';
import { createRunStepExecutor, runStepExecutor } from './run-executor.ts';
import { createTestStepContext, type TestStepContext, type TestStepOptions } from './testing/step-context.ts';

const contexts: TestStepContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.cleanup()));
});

async function context(options: TestStepOptions): Promise<TestStepContext> {
  const ctx = await createTestStepContext(options);
  contexts.push(ctx);
  return ctx;
}

async function run(options: TestStepOptions): Promise<{ result: StepResult; ctx: TestStepContext }> {
  const ctx = await context(options);
  return { result: await runStepExecutor.execute(ctx), ctx };
}

async function failure(promise: Promise<unknown>): Promise<StepFailure> {
  try {
    await promise;
  } catch (e) {
    return e as StepFailure;
  }
  throw new Error('expected the step to throw');
}

function alive(pid: number): boolean {
  const e = readProcessTable()!.get(pid);
  return e !== undefined && e.state !== 'Z';
}

async function waitForText(ctx: TestStepContext, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 250; i++) {
    const m = ctx.text('stdout').match(pattern);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no output matching ${pattern}`);
}

describe('run: shells', () => {
  it('runs the default shell (bash -e) and logs stdout', async () => {
    const { result, ctx } = await run({ run: 'echo hello\necho "$0"' });
    expect(result).toEqual({ outcome: 'success', outputs: {}, exitCode: 0 });
    expect(ctx.text('stdout')).toBe(`hello\n${ctx.scratchFile('script.sh')}\n`);
  });

  it('stops at the first failing command with -e and reports the exit code as GitHub does', async () => {
    const { result, ctx } = await run({ run: 'echo before\n(exit 4)\necho after' });
    expect(result).toEqual({ outcome: 'failure', outputs: {}, exitCode: 4, error: 'Process completed with exit code 4.' });
    expect(ctx.text('stdout')).toBe('before\n');
    expect(ctx.text('system')).toBe('##[error]Process completed with exit code 4.\n');
  });

  it('uses pipefail only for shell: bash', async () => {
    expect((await run({ run: 'false | true; echo passed' })).result.outcome).toBe('success');
    const { result, ctx } = await run({ run: 'false | true; echo passed', shell: 'bash' });
    expect(result.exitCode).toBe(1);
    expect(ctx.text('stdout')).toBe('');
  });

  it('runs sh, python and node scripts from files with the right extension', async () => {
    const sh = await run({ run: 'echo "sh:$0"', shell: 'sh' });
    expect(sh.ctx.text('stdout')).toMatch(/^sh:.*script\.sh\n$/);
    const py = await run({ run: 'import sys\nprint("py:" + sys.argv[0])', shell: 'python' });
    expect(py.ctx.text('stdout')).toMatch(/^py:.*script\.py\n$/);
    const node = await run({ run: 'console.log("node:" + process.argv[1])', shell: 'node' });
    expect(node.ctx.text('stdout')).toMatch(/^node:.*script\.js\n$/);
  });

  it('runs a custom shell with {0}', async () => {
    const { result, ctx } = await run({ run: 'print "perl says hi\\n"; exit 2;', shell: 'perl {0}' });
    expect(result.exitCode).toBe(2);
    expect(ctx.text('stdout')).toBe('perl says hi\n');
  });

  it('fails a custom shell without {0}, naming the step', async () => {
    const ctx = await context({ run: 'print 1', shell: 'perl -w', name: 'Lint it' });
    const e = await failure(runStepExecutor.execute(ctx));
    expect(failureKind(e)).toBe('failed');
    expect(e.message).toBe("Step 'Lint it': Invalid shell option 'perl -w'. Shell must be a valid built-in (bash, sh, python, pwsh, node) or a format string containing '{0}'.");
  });

  it('fails clearly when the shell program does not exist', async () => {
    const ctx = await context({ run: 'x', shell: 'no-such-shell-ado {0}' });
    expect((await failure(runStepExecutor.execute(ctx))).message).toBe("File not found: 'no-such-shell-ado'");
  });

  it('fails clearly when the shell program cannot be executed', async () => {
    const ctx = await context({ run: 'x' });
    const notExecutable = join(ctx.tempDir, 'not-executable');
    await writeFile(notExecutable, 'data');
    ctx.step.shell = `${notExecutable} {0}`;
    expect((await failure(runStepExecutor.execute(ctx))).message).toMatch(
      /^An error occurred trying to start process '.*not-executable' with working directory '.*'\. spawn .* EACCES$/,
    );
  });

  it('reports death by a signal as exit code 128 + n', async () => {
    expect((await run({ run: 'kill -9 $$' })).result).toMatchObject({ outcome: 'failure', exitCode: 137, error: 'Process completed with exit code 137.' });
  });
});

describe('run: environment and directories', () => {
  it('runs in the working directory and fails clearly when it is missing', async () => {
    const ok = await context({ run: 'pwd' });
    await runStepExecutor.execute(ok);
    expect(ok.text('stdout')).toBe(`${ok.step.workingDirectory}\n`);
    const missing = await context({ run: 'pwd', workingDirectory: '/no/such/dir/ado' });
    expect((await failure(runStepExecutor.execute(missing))).message).toMatch(
      /^An error occurred trying to start process '.*bash' with working directory '\/no\/such\/dir\/ado'\. No such file or directory$/,
    );
  });

  it('passes the environment through as given, adds the file variables and STATE_*', async () => {
    const { ctx } = await run({
      run: 'echo "$GREETING|$EMPTY|${UNSET-unset}|$STATE_pid"\nfor v in GITHUB_OUTPUT GITHUB_ENV GITHUB_PATH GITHUB_STEP_SUMMARY GITHUB_STATE; do test -f "${!v}" && test ! -s "${!v}" && echo "$v ok"; done',
      env: { GREETING: 'hi there', EMPTY: '' }, state: { pid: '42' },
    });
    expect(ctx.text('stdout')).toBe('hi there||unset|42\nGITHUB_OUTPUT ok\nGITHUB_ENV ok\nGITHUB_PATH ok\nGITHUB_STEP_SUMMARY ok\nGITHUB_STATE ok\n');
  });

  it('puts ctx.path before PATH, first entry winning', async () => {
    const ctx = await context({ run: 'mytool; echo "$PATH"' });
    const [a, b] = [join(ctx.tempDir, '..', 'a'), join(ctx.tempDir, '..', 'b')];
    for (const dir of [a, b]) {
      await mkdir(dir);
      await writeFile(join(dir, 'mytool'), `#!/bin/sh\necho from-${dir.endsWith('a') ? 'a' : 'b'}\n`);
      await chmod(join(dir, 'mytool'), 0o755);
    }
    ctx.path.push(a, b);
    await runStepExecutor.execute(ctx);
    expect(ctx.text('stdout')).toBe(`from-a\n${a}:${b}:${ctx.env.PATH}\n`);
  });

  it('creates the temp directory when it is missing', async () => {
    const ctx = await context({ run: 'echo ok' });
    await rm(ctx.tempDir, { recursive: true });
    expect((await runStepExecutor.execute(ctx)).outcome).toBe('success');
  });
});

describe('run: environment files', () => {
  it('returns outputs, env, path, state and summary', async () => {
    const { result } = await run({
      run: [
        'echo "plain=1" >> "$GITHUB_OUTPUT"',
        'printf "multi<<EOF\\nline one\\nline two\\nEOF\\n" >> "$GITHUB_OUTPUT"',
        'echo "MY_VAR=x" >> "$GITHUB_ENV"',
        'echo "/opt/first" >> "$GITHUB_PATH"; echo "/opt/second" >> "$GITHUB_PATH"',
        'echo "token=abc" >> "$GITHUB_STATE"',
        'echo "## Done" >> "$GITHUB_STEP_SUMMARY"',
      ].join('\n'),
    });
    expect(result).toEqual({
      outcome: 'success', exitCode: 0, outputs: { plain: '1', multi: 'line one\nline two' }, env: { MY_VAR: 'x' },
      path: ['/opt/second', '/opt/first'], state: { token: 'abc' }, summary: '## Done\n',
    });
  });

  it('keeps outputs written before the process failed', async () => {
    const { result } = await run({ run: 'echo "made=yes" >> "$GITHUB_OUTPUT"\nexit 3' });
    expect(result).toMatchObject({ outcome: 'failure', exitCode: 3, outputs: { made: 'yes' } });
  });

  it('fails the step on a malformed file, with the runner\'s messages', async () => {
    const { result, ctx } = await run({ run: 'echo "good=1" >> "$GITHUB_OUTPUT"\necho "no separator" >> "$GITHUB_OUTPUT"' });
    expect(result).toMatchObject({
      outcome: 'failure', exitCode: 0, outputs: { good: '1' },
      error: "Unable to process file command 'output' successfully. Invalid format 'no separator'",
    });
    expect(ctx.text('system')).toBe("##[error]Unable to process file command 'output' successfully.\n##[error]Invalid format 'no separator'\n");
  });

  it('refuses NODE_OPTIONS without failing', async () => {
    const { result } = await run({ run: 'echo "NODE_OPTIONS=--require x" >> "$GITHUB_ENV"' });
    expect(result).toMatchObject({ outcome: 'success', annotations: [{ level: 'error', message: "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command." }] });
    expect(result.env).toBeUndefined();
  });

  it('lets the files win over the legacy commands, and merges PATH additions', async () => {
    const { result } = await run({
      env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true' },
      run: [
        'echo "::set-output name=a::from-command"', 'echo "::save-state name=s::cmd"', 'echo "::set-env name=E::cmd"', 'echo "::add-path::/cmd"',
        'echo "a=from-file" >> "$GITHUB_OUTPUT"', 'echo "s=file" >> "$GITHUB_STATE"', 'echo "E=file" >> "$GITHUB_ENV"', 'echo "/file" >> "$GITHUB_PATH"',
      ].join('\n'),
    });
    expect(result).toMatchObject({ outputs: { a: 'from-file' }, state: { s: 'file' }, env: { E: 'file' }, path: ['/file', '/cmd'] });
  });
});

describe('run: workflow commands', () => {
  it('collects outputs and annotations and logs groups, from stdout and stderr', async () => {
    const { result, ctx } = await run({
      run: 'echo "::group::Setup"\necho inside\necho "::endgroup::"\necho "::set-output name=v::1"\necho "::error file=a.ts,line=2::broken" >&2\necho "::notice::fyi"',
    });
    expect(result.outputs).toEqual({ v: '1' });
    // stdout and stderr are separate pipes, so only the order within each stream is fixed.
    expect(result.annotations).toHaveLength(3);
    expect(result.annotations).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^The `set-output` command is deprecated/) }),
      { level: 'error', message: 'broken', file: 'a.ts', line: 2 },
      { level: 'notice', message: 'fyi' },
    ]));
    expect(result.outcome).toBe('success');
    expect(ctx.text('stdout')).toContain('##[group]Setup\ninside\n##[endgroup]\n');
    expect(ctx.text('stderr')).toBe('##[error]broken\n');
    expect(ctx.text()).not.toContain('::set-output');
  });

  it('masks an add-mask value in everything logged after it, even when the command arrives in pieces', async () => {
    const { ctx } = await run({
      run: 'printf "::add-"; sleep 0.05; printf "mask::hunter2\\n"; echo "password is hunter2"; echo "again: hunter2" >&2',
    });
    expect(ctx.masks).toEqual(['hunter2']);
    expect(ctx.text()).not.toContain('hunter2');
    expect(ctx.text('stdout')).toBe('password is ***\n');
    expect(ctx.text('stderr')).toBe('again: ***\n');
  });

  it('fails the step when a command cannot be processed, even with exit code 0', async () => {
    const { result } = await run({ run: 'echo "::set-env name=A::1"' });
    expect(result.outcome).toBe('failure');
    expect(result.exitCode).toBe(0);
    expect(result.error).toMatch(/^Unable to process command '::set-env name=A::1' successfully\. The `set-env` command is disabled\./);
  });

  it('shows ::debug:: with RUNNER_DEBUG=1', async () => {
    const quiet = await run({ run: 'echo "::debug::details"' });
    expect(quiet.ctx.text()).toBe('');
    const loud = await run({ run: 'echo "::debug::details"', env: { RUNNER_DEBUG: '1' } });
    expect(loud.ctx.text('stdout')).toBe('##[debug]details\n');
  });
});

describe('run: cancellation and timeout', () => {
  it('times out, killing the whole tree', async () => {
    const executor = createRunStepExecutor({ killGraceMs: 500 });
    const ctx = await context({ run: 'sleep 100 & bash -c "sleep 100 & wait" & echo "pids $$ $!"; wait', timeoutMs: 600 });
    const running = executor.execute(ctx);
    const [, root, child] = (await waitForText(ctx, /pids (\d+) (\d+)/)).map(Number);
    const e = await failure(running);
    expect(failureKind(e)).toBe('timeout');
    expect(e.message).toBe('The step exceeded its timeout of 0.01 minutes');
    expect(alive(root!)).toBe(false);
    expect(alive(child!)).toBe(false);
  });

  it('says "1 minute" for a one-minute timeout', async () => {
    const ctx = await context({ run: 'sleep 100', timeoutMs: 60_000 });
    const running = runStepExecutor.execute(ctx);
    ctx.controller.abort(new DOMException('deadline', 'TimeoutError'));
    expect((await failure(running)).message).toBe('The step exceeded its timeout of 1 minute');
  });

  it('is cancelled by the signal, killing the tree', async () => {
    const ctx = await context({ run: 'sleep 100 & echo "pids $$ $!"; wait' });
    const running = runStepExecutor.execute(ctx);
    const [, root, child] = (await waitForText(ctx, /pids (\d+) (\d+)/)).map(Number);
    ctx.controller.abort();
    const e = await failure(running);
    expect(failureKind(e)).toBe('cancelled');
    expect(e.message).toBe('The operation was canceled.');
    expect(alive(root!)).toBe(false);
    expect(alive(child!)).toBe(false);
  });

  it('passes on the engine\'s own timeout or cancellation reason', async () => {
    const ctx = await context({ run: 'sleep 100' });
    const running = runStepExecutor.execute(ctx);
    const reason = new StepFailure('timeout', 'The job exceeded its timeout of 5 minutes');
    ctx.controller.abort(reason);
    expect(await failure(running)).toBe(reason);
    const plain = await context({ run: 'sleep 100' });
    const p = runStepExecutor.execute(plain);
    plain.controller.abort(new DOMException('t', 'TimeoutError'));
    expect((await failure(p)).message).toBe('The step timed out.');
  });

  it('does not start when already cancelled', async () => {
    const ctx = await context({ run: 'echo ran > marker' });
    ctx.controller.abort();
    expect(failureKind(await failure(runStepExecutor.execute(ctx)))).toBe('cancelled');
    await expect(readFile(join(ctx.step.workingDirectory, 'marker'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is safe to repeat', () => {
    expect(runStepExecutor.repeatSafe).toBe(true);
  });
});
