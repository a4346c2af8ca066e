import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseActionText } from '../../dsl/index.ts';
import { createStepRegistry } from '../registry.ts';
import { createActionResolver, type ActionResolverOptions } from './action-resolver.ts';
import { createActionContext, type ActionContextOptions } from '../../../test/support/action-context.ts';
import { createGitServer } from './testing/git-server.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Files into a directory. */
function write(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function resolver(options: Partial<ActionResolverOptions> = {}) {
  const registry = createStepRegistry();
  const resolve = createActionResolver({ parseAction: parseActionText, registry, dataDir: tempDir('ado-resolver-data-'), ...options });
  registry.addResolver(resolve);
  return resolve;
}

async function context(options: ActionContextOptions) {
  const ctx = await createActionContext({ name: 'the step', ...options });
  cleanups.push(() => ctx.cleanup());
  return ctx;
}

const jsWithPhases = {
  'action.yml': "name: p\nruns:\n  using: node20\n  pre: pre.js\n  pre-if: runner.os == 'Linux'\n  main: main.js\n  post: post.js\n",
  'pre.js': "require('fs').appendFileSync(process.env.GITHUB_STATE, 'from_pre=1\\n'); console.log('pre here');",
  'main.js': "console.log('main here');",
  'post.js': "console.log('post here');",
};

describe('action resolver', () => {
  it('decides from the text alone which uses: are actions', () => {
    const resolve = resolver({ offline: true });
    for (const uses of ['./x', 'acme/never-fetched@v1', 'docker://alpine']) expect(resolve({ uses }), uses).toBeDefined();
    for (const uses of ['acme', 'acme/x', 'docker://']) expect(resolve({ uses }), uses).toBeUndefined();
  });

  it('has pre phases only for remote JavaScript actions that declare one (GitHub runs none for local actions)', async () => {
    const copy = write(tempDir('ado-copy-'), jsWithPhases);
    const composite = write(tempDir('ado-copy-'), { 'action.yml': 'runs:\n  using: composite\n  steps: []\n' });
    const plain = write(tempDir('ado-copy-'), { 'action.yml': 'runs:\n  using: node20\n  main: main.js\n' });
    const resolve = resolver({ overrides: { 'acme/phases@v1': copy, 'Acme/Composite': composite, 'acme/plain@v1': plain } });
    const workspace = write(tempDir('ado-ws-'), Object.fromEntries(Object.entries(jsWithPhases).map(([k, v]) => [`local/${k}`, v])));
    const hasPre = (uses: string) => resolve({ uses })!.hasPre!({ uses, with: {} }, workspace);
    expect(await hasPre('acme/phases@v1')).toEqual({ if: "runner.os == 'Linux'" });
    expect(await hasPre('acme/composite@v3')).toBeUndefined();
    expect(await hasPre('acme/plain@v1')).toBeUndefined();
    expect(await hasPre('./local')).toBeUndefined();
    expect(await hasPre('docker://alpine')).toBeUndefined();
  });

  it('runs the pre and post phases of JavaScript actions, and none for composite ones', async () => {
    const copy = write(tempDir('ado-copy-'), jsWithPhases);
    const composite = write(tempDir('ado-copy-'), { 'action.yml': 'runs:\n  using: composite\n  steps: []\n' });
    const resolve = resolver({ overrides: { 'acme/phases@v1': copy, 'acme/composite@v1': composite } });
    const ctx = await context({ uses: 'acme/phases@v1' });
    const executor = resolve({ uses: 'acme/phases@v1' })!;
    expect(await executor.pre!(ctx)).toMatchObject({ outcome: 'success', state: { from_pre: '1' } });
    expect(await executor.post!(ctx)).toMatchObject({ outcome: 'success' });
    expect(ctx.text()).toContain(`Using ${copy} for acme/phases@v1 (--action-override)`);
    expect(ctx.text()).toContain('pre here');
    expect(ctx.text()).toContain('post here');
    const other = resolve({ uses: 'acme/composite@v1' })!;
    expect(await other.pre!(ctx)).toEqual({ outcome: 'success', outputs: {} });
    expect(await other.post!(ctx)).toEqual({ outcome: 'success', outputs: {} });
  });

  it('fetches remote actions once, says so, and warns when it must use the cache because the server is down', async () => {
    const server = createGitServer();
    cleanups.push(() => server.cleanup());
    const sha = server.publish('acme', 'hello', { 'sub/action.yml': 'runs:\n  using: node20\n  main: m.js\n', 'sub/m.js': "console.log('remote main')" }, { tags: ['v1'] });
    const dataDir = tempDir('ado-resolver-data-');
    const ctx = await context({ uses: 'acme/hello/sub@v1' });
    expect((await resolver({ server: server.url, dataDir })({ uses: 'acme/hello/sub@v1' })!.execute(ctx)).outcome).toBe('success');
    expect(ctx.text()).toContain(`Download action repository 'acme/hello@v1' (SHA:${sha})`);
    expect(ctx.text()).toContain('remote main');
    const down = await context({ uses: 'acme/hello/sub@v1' });
    expect((await resolver({ server: 'http://127.0.0.1:9', dataDir })({ uses: 'acme/hello/sub@v1' })!.execute(down)).outcome).toBe('success');
    expect(down.text()).toContain(`##[warning]The action server could not be reached; using the cached acme/hello@v1 (SHA:${sha})`);
  });

  it('fails a Docker action clearly, naming the step, whether or not an engine answers', async () => {
    const bin = tempDir('ado-bin-');
    const ctx = await context({ uses: 'docker://alpine', env: { PATH: bin } });
    await expect(resolver()({ uses: 'docker://alpine' })!.execute(ctx)).rejects.toThrow(
      "Step 'the step' uses docker://alpine, which is a Docker container action; no Docker or Podman engine is available here",
    );
    const engine = tempDir('ado-bin-');
    writeFileSync(join(engine, 'podman'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(engine, 'podman'), 0o755);
    const local = await context({ uses: './image', env: { PATH: engine } });
    write(local.workspace, { 'image/Dockerfile': 'FROM alpine\n' });
    await expect(resolver()({ uses: './image' })!.execute(local)).rejects.toThrow('running Docker container actions is not supported yet (a podman engine is available)');
  });

  it('reports an unreadable or invalid action file with its positions', async () => {
    const ctx = await context({ uses: './bad' });
    write(ctx.workspace, { 'bad/action.yaml': 'runs:\n  using: composite\n  steps:\n    - run: echo\n', 'dir/action.yml/x': '' });
    await expect(resolver()({ uses: './bad' })!.execute(ctx)).rejects.toThrow("./bad/action.yaml: 1 error in the action's metadata\n./bad/action.yaml:4:7: Required property is missing: shell");
    await expect(resolver()({ uses: './dir' })!.execute(ctx)).rejects.toThrow('Cannot read dir/action.yml: EISDIR');
    await expect(resolver({ offline: true })({ uses: 'acme/gone@v1' })!.execute(ctx)).rejects.toThrow('acme/gone@v1 is not in the action cache');
  });
});
