import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failureKind, StepFailure } from '../../core/failure.ts';
import { parseActionText } from '../../dsl/index.ts';
import { createStepRegistry } from '../registry.ts';
import { createActionResolver } from './action-resolver.ts';
import { MAX_COMPOSITE_DEPTH } from './composite-executor.ts';
import { createActionContext, type ActionContextOptions } from '../../../test/support/action-context.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Writes actions into a fresh workspace and runs `uses` through a real registry with the action resolver. */
async function run(actions: Record<string, string>, uses: string, options: ActionContextOptions = {}) {
  const ctx = await createActionContext({ name: 'Composite', uses, ...options });
  cleanups.push(() => ctx.cleanup());
  for (const [dir, yml] of Object.entries(actions)) {
    mkdirSync(join(ctx.workspace, dir), { recursive: true });
    writeFileSync(join(ctx.workspace, dir, 'action.yml'), yml);
  }
  const executor = createResolverFor(ctx.dataDir)({ uses })!;
  return { ctx, result: executor.execute(ctx) };
}

function createResolverFor(dataDir: string) {
  const registry = createStepRegistry();
  const resolve = createActionResolver({ parseAction: parseActionText, registry, dataDir });
  registry.addResolver(resolve);
  return resolve;
}

describe('composite actions', () => {
  it('collects summaries, annotations and PATH additions of nested steps; outputs without a value are empty', async () => {
    const yml = `inputs:
  n:
    required: true
outputs:
  empty:
    description: no value
  n:
    value: \${{ inputs.n }}
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        echo "# one" >> "$GITHUB_STEP_SUMMARY"
        echo "::warning::careful"
        echo /first >> "$GITHUB_PATH"
    - shell: bash
      run: |
        echo "# two" >> "$GITHUB_STEP_SUMMARY"
        echo "seen path starts with $PATH" | cut -d: -f1-2
        echo /second >> "$GITHUB_PATH"
        echo /first >> "$GITHUB_PATH"
`;
    const { ctx, result } = await run({ c: yml }, './c', { path: ['/caller'] });
    expect(await result).toEqual({
      outcome: 'success', outputs: { empty: '', n: '' }, path: ['/first', '/second'], summary: '# one\n# two\n',
      annotations: [{ level: 'warning', message: 'Input required and not supplied: n' }, { level: 'warning', message: 'careful' }],
    });
    expect(ctx.text()).toContain('seen path starts with /first:/caller');
  });

  it(`stops a composite that uses itself at GitHub's depth limit of ${MAX_COMPOSITE_DEPTH}`, async () => {
    const yml = 'runs:\n  using: composite\n  steps:\n    - uses: ./loop\n';
    const { ctx, result } = await run({ loop: yml }, './loop');
    expect((await result).outcome).toBe('failure');
    expect(ctx.text()).toContain(`./loop: composite actions are nested more than ${MAX_COMPOSITE_DEPTH} deep (GitHub's limit); is one using itself?`);
  });

  it('fails a nested step whose kind is unknown or whose condition cannot be evaluated', async () => {
    const yml = `runs:
  using: composite
  steps:
    - uses: not-an-action
      continue-on-error: true
    - if: fromJSON('{')
      shell: bash
      run: echo never
`;
    const { ctx, result } = await run({ c: yml }, './c');
    expect(await result).toMatchObject({ outcome: 'failure', error: 'A step of ./c failed' });
    expect(ctx.text()).toContain('uses: not-an-action is not a step kind autodevops can run');
    expect(ctx.text()).not.toContain('never');
  });

  it('passes cancellation on: the nested process is killed and the composite stops', async () => {
    const yml = 'runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: sleep 30\n    - shell: bash\n      run: echo after\n';
    const { ctx, result } = await run({ c: yml }, './c');
    setTimeout(() => ctx.controller.abort(new StepFailure('cancelled', 'The run was cancelled')), 300);
    const reason = await result.catch((e: unknown) => e);
    expect(failureKind(reason)).toBe('cancelled');
    expect(ctx.text()).not.toContain('after');
    const again = await run({ c: yml }, './c');
    again.ctx.controller.abort(new StepFailure('cancelled', 'already'));
    await expect(again.result).rejects.toThrow('already');
  });

  it('keeps the post phases of nested actions for its own post phase, which runs them in reverse under their post-if', async () => {
    const js = (post: string, postIf = 'always()') => `runs:\n  using: node20\n  main: main.js\n  post: post.js\n  post-if: ${postIf}\n# ${post}\n`;
    const c = 'runs:\n  using: composite\n  steps:\n    - uses: ./a\n    - uses: ./b\n      with:\n        x: ${{ github.actor }}\n    - uses: ./onfail\n';
    const { ctx, result } = await run({ c, a: js('a'), b: js('b'), onfail: js('f', 'failure()') }, './c');
    for (const name of ['a', 'b', 'onfail']) {
      writeFileSync(join(ctx.workspace, name, 'main.js'), `require('fs').appendFileSync(process.env.GITHUB_STATE, 'who=${name}\\n')`);
      writeFileSync(join(ctx.workspace, name, 'post.js'), `console.log('post ' + process.env.STATE_who + ' ' + (process.env.INPUT_X || '-')); process.exitCode = process.env.STATE_who === 'a' ? 1 : 0`);
    }
    const main = await result;
    expect(main.post).toEqual({ name: 'Post Composite', if: 'always()' });
    const executor = createResolverFor(ctx.dataDir)({ uses: './c' })!;
    const post = await executor.post!(Object.assign(ctx, { state: main.state!, contexts: { ...ctx.contexts, job: { status: 'success' } } }));
    expect(ctx.text('stdout')).toBe('post b tester\npost a -\n');
    expect(post).toMatchObject({ outcome: 'failure', error: 'A post phase inside ./c failed' });
    rmSync(join(ctx.workspace, 'b', 'post.js'));
    const missing = await executor.post!(ctx);
    expect(missing.outcome).toBe('failure');
    expect(ctx.text()).toContain('The post file of ./b does not exist');
    expect(await executor.post!(Object.assign(ctx, { state: { AUTODEVOPS_COMPOSITE_POSTS: '{' } }))).toEqual({ outcome: 'success', outputs: {} });
  });
});
