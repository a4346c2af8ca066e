import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseActionText } from '../../dsl/index.ts';
import { failureKind } from '../../core/failure.ts';
import { StepFailure } from '../../core/failure.ts';
import type { LoadedAction } from './action-manifest.ts';
import { runNodeAction } from './node-action-executor.ts';
import { createActionContext, type ActionContextOptions } from '../../../test/support/action-context.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A JavaScript action in the context's workspace, with the given metadata and files. */
async function setup(actionYml: string, files: Record<string, string>, options: ActionContextOptions = {}) {
  const ctx = await createActionContext({ name: 'Hello step', ...options });
  cleanups.push(() => ctx.cleanup());
  const dir = join(ctx.workspace, 'act');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const action: LoadedAction = { uses: 'acme/hello@v1', dir, repository: 'acme/hello', ref: 'v1', manifest: parseActionText('action.yml', actionYml) };
  return { ctx, action };
}

const metadata = `name: hello
inputs:
  who to greet:
    default: \${{ github.actor }}
  Level:
    required: true
  old:
    deprecationMessage: use new
runs:
  using: node12
  main: main.js
  post: post.js
  post-if: failure()
`;

describe('runNodeAction', () => {
  it('runs main with INPUT_*, the action variables and the env files, on our Node, in the workspace', async () => {
    const main = `const fs = require('fs');
console.log(JSON.stringify({ who: process.env['INPUT_WHO_TO_GREET'], level: process.env.INPUT_LEVEL, extra: process.env.INPUT_EXTRA,
  path: process.env.GITHUB_ACTION_PATH, repo: process.env.GITHUB_ACTION_REPOSITORY, ref: process.env.GITHUB_ACTION_REF,
  cwd: process.cwd(), node: process.execPath }));
console.log('::add-mask::hidden-value');
console.log('the value is hidden-value');
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'answer<<EOF\\n42\\nEOF\\n');
fs.appendFileSync(process.env.GITHUB_ENV, 'EXPORTED=yes\\n');
fs.appendFileSync(process.env.GITHUB_PATH, '/opt/tool/bin\\n');
fs.appendFileSync(process.env.GITHUB_STATE, 'pid=123\\n');
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, '# done\\n');
`;
    const { ctx, action } = await setup(metadata, { 'main.js': main }, { with: { LEVEL: 3, extra: { a: 1 }, old: 'x' } });
    const result = await runNodeAction(ctx, action, 'main');
    const seen = JSON.parse(ctx.text('stdout').split('\n')[0]!);
    expect(seen).toEqual({
      who: 'tester', level: '3', extra: '{"a":1}', path: action.dir, repo: 'acme/hello', ref: 'v1', cwd: ctx.workspace, node: process.execPath,
    });
    expect(ctx.text()).toContain('the value is ***');
    expect(result).toMatchObject({
      outcome: 'success', outputs: { answer: '42' }, env: { EXPORTED: 'yes' }, path: ['/opt/tool/bin'], state: { pid: '123' }, summary: '# done\n', exitCode: 0,
      post: { name: 'Post Hello step', if: 'failure()' },
    });
    expect(result.annotations?.map((a) => a.message)).toEqual([
      "Unexpected input(s) 'extra', valid inputs are ['who to greet', 'Level', 'old']",
      "Input 'old' has been deprecated with message: use new",
    ]);
  });

  it('runs the post phase with the state main saved, and asks for no further phase', async () => {
    const { ctx, action } = await setup(metadata, { 'post.js': 'console.log(`post pid=${process.env.STATE_pid}`)' }, { state: { pid: '123' }, with: { level: '1' } });
    const result = await runNodeAction(ctx, action, 'post');
    expect(ctx.text('stdout')).toBe('post pid=123\n');
    expect(result.post).toBeUndefined();
    expect(result.annotations).toBeUndefined();
    expect(await runNodeAction(ctx, action, 'pre')).toEqual({ outcome: 'success', outputs: {} });
  });

  it('warns about a missing required input, as GitHub does, rather than failing', async () => {
    const { ctx, action } = await setup(metadata, { 'main.js': '' });
    const result = await runNodeAction(ctx, action, 'main');
    expect(result.outcome).toBe('success');
    expect(result.annotations).toEqual([{ level: 'warning', message: 'Input required and not supplied: Level' }]);
  });

  it('fails with the exit code, keeps outputs written before, and still asks for the post phase', async () => {
    const main = `require('fs').appendFileSync(process.env.GITHUB_OUTPUT, 'partial=1\\n'); console.log('::error::it broke'); process.exitCode = 2;`;
    const { ctx, action } = await setup(metadata, { 'main.js': main }, { with: { level: '1' } });
    const result = await runNodeAction(ctx, action, 'main');
    expect(result).toMatchObject({ outcome: 'failure', outputs: { partial: '1' }, error: 'Process completed with exit code 2.', exitCode: 2, post: { name: 'Post Hello step' } });
    expect(result.annotations).toContainEqual({ level: 'error', message: 'it broke' });
  });

  it('says which file is missing', async () => {
    const { ctx, action } = await setup(metadata, {});
    await expect(runNodeAction(ctx, action, 'main')).rejects.toThrow(`The entry file of acme/hello@v1 does not exist: ${join(action.dir, 'main.js')} (runs.main in its action.yml)`);
    await expect(runNodeAction(ctx, action, 'post')).rejects.toThrow('The post file of acme/hello@v1 does not exist');
  });

  it('kills the whole process tree on timeout and on cancellation', async () => {
    const main = `require('child_process').spawn('sleep', ['30'], { stdio: 'inherit' }); setTimeout(() => {}, 30000); console.log('started');`;
    const timed = await setup(metadata, { 'main.js': main }, { timeoutMs: 500 });
    const started = Date.now();
    const timeout = await runNodeAction(timed.ctx, timed.action, 'main', { killGraceMs: 200, drainMs: 200 }).catch((e: unknown) => e);
    expect(failureKind(timeout)).toBe('timeout');
    expect((timeout as Error).message).toBe('The step exceeded its timeout of 0.01 minutes');
    expect(Date.now() - started).toBeLessThan(5000);
    const cancelled = await setup(metadata, { 'main.js': main });
    setTimeout(() => cancelled.ctx.controller.abort(new StepFailure('cancelled', 'The run was cancelled')), 300);
    const reason = await runNodeAction(cancelled.ctx, cancelled.action, 'main', { killGraceMs: 200, drainMs: 200 }).catch((e: unknown) => e);
    expect((reason as Error).message).toBe('The run was cancelled');
    cancelled.ctx.controller.abort();
    await expect(runNodeAction(cancelled.ctx, cancelled.action, 'main')).rejects.toThrow('The run was cancelled');
  });

  it('treats an abort without a reason of ours as a cancellation', async () => {
    const { ctx, action } = await setup(metadata, { 'main.js': 'setTimeout(() => {}, 30000)' });
    setTimeout(() => ctx.controller.abort(new Error('shutdown')), 200);
    const reason = await runNodeAction(ctx, action, 'main', { killGraceMs: 200, drainMs: 200 }).catch((e: unknown) => e);
    expect(failureKind(reason)).toBe('cancelled');
    expect((reason as Error).message).toBe('The operation was canceled.');
  });

  it('reports a Node that cannot be started', async () => {
    const { ctx, action } = await setup(metadata, { 'main.js': '' });
    await expect(runNodeAction(ctx, action, 'main', { nodePath: '/no/such/node' })).rejects.toThrow("File not found: '/no/such/node'");
  });
});
