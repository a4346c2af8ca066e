import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import type { StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { cacheAction, cacheRestoreAction, cacheSaveAction } from './cache.ts';
import { cacheVersion, saveCacheEntry } from './cache-store.ts';
import { builtinContext, runMain } from './testing/builtin-context.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A data directory and HOME shared by several jobs' workspaces. */
function machine(): { dataDir: string; home: string; workspace(name: string): string } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-cache-'));
  roots.push(root);
  const home = path.join(root, 'home');
  mkdirSync(home);
  return {
    dataDir: path.join(root, 'data'), home,
    workspace: (name) => {
      const dir = path.join(root, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}

async function step(executor: StepExecutor, m: ReturnType<typeof machine>, workspace: string, inputs: Record<string, unknown>, options: { state?: Record<string, string>; now?: number; post?: boolean; uses?: string } = {}) {
  const ctx = await builtinContext({ uses: options.uses ?? 'actions/cache@v4', with: inputs, workspace, dataDir: m.dataDir, env: { HOME: m.home }, state: options.state });
  if (options.now !== undefined) ctx.clock = manualClock(options.now);
  const result: StepResult & { thrown?: string } = options.post ? await executor.post!(ctx) : await runMain(executor, ctx);
  return { result, log: ctx.text() };
}

const paths = 'node_modules\n~/.npm-cache\n!node_modules/skip';

describe('actions/cache', () => {
  it('misses, saves in the post phase, and restores into another workspace and HOME', async () => {
    const m = machine();
    const first = m.workspace('job1');
    const miss = await step(cacheAction, m, first, { path: paths, key: 'npm-abc', 'restore-keys': 'npm-' });
    expect(miss.log).toContain('Cache not found for input keys: npm-abc, npm-');
    expect(miss.result).toEqual({ outcome: 'success', outputs: { 'cache-primary-key': 'npm-abc' }, state: { CACHE_KEY: 'npm-abc' }, post: { name: 'Post Run actions/cache@v4', if: 'success()' } });

    write(first, { 'node_modules/a/index.js': 'a', 'node_modules/skip/big.bin': 'skip' });
    write(m.home, { '.npm-cache/_cacache/x': 'npm' });
    const saved = await step(cacheAction, m, first, { path: paths, key: 'npm-abc' }, { state: miss.result.state, post: true });
    expect(saved.result).toEqual({ outcome: 'success' });
    expect(saved.log).toContain('Cache saved with key: npm-abc');

    rmSync(path.join(m.home, '.npm-cache'), { recursive: true });
    const second = m.workspace('elsewhere/job2');
    const hit = await step(cacheAction, m, second, { path: paths, key: 'npm-abc' });
    expect(hit.result.outputs).toEqual({ 'cache-primary-key': 'npm-abc', 'cache-hit': 'true', 'cache-matched-key': 'npm-abc' });
    expect(hit.log).toContain('Cache restored from key: npm-abc');
    expect(readFileSync(path.join(second, 'node_modules/a/index.js'), 'utf8')).toBe('a');
    expect(existsSync(path.join(second, 'node_modules/skip'))).toBe(false);
    expect(readFileSync(path.join(m.home, '.npm-cache/_cacache/x'), 'utf8')).toBe('npm');

    const post = await step(cacheAction, m, second, { path: paths, key: 'npm-abc' }, { state: hit.result.state, post: true });
    expect(post.log).toContain('Cache hit occurred on the primary key npm-abc, not saving cache.');
  });

  it('restores the newest entry matching a restore key, and cache-hit is false then', async () => {
    const m = machine();
    const ws = m.workspace('ws');
    write(ws, { 'deps/v': 'old' });
    await step(cacheSaveAction, m, ws, { path: 'deps', key: 'deps-1' }, { now: 1000 });
    write(ws, { 'deps/v': 'new' });
    await step(cacheSaveAction, m, ws, { path: 'deps', key: 'deps-2' }, { now: 2000 });
    write(ws, { 'deps/v': 'other' });
    await step(cacheSaveAction, m, ws, { path: 'deps', key: 'other-3' }, { now: 3000 });
    rmSync(path.join(ws, 'deps'), { recursive: true });
    const partial = await step(cacheAction, m, ws, { path: 'deps', key: 'deps-9', 'restore-keys': 'nothing-\ndeps-' });
    expect(partial.result.outputs).toMatchObject({ 'cache-hit': 'false', 'cache-matched-key': 'deps-2' });
    expect(partial.result.state).toEqual({ CACHE_KEY: 'deps-9', CACHE_RESULT: 'deps-2' });
    expect(readFileSync(path.join(ws, 'deps/v'), 'utf8')).toBe('new');
    const prefix = await step(cacheRestoreAction, m, ws, { path: 'deps', key: 'deps-' }, { uses: 'actions/cache/restore@v4' });
    expect(prefix.result.outputs).toEqual({ 'cache-primary-key': 'deps-', 'cache-hit': 'false', 'cache-matched-key': 'deps-2' });
    const otherPaths = await step(cacheRestoreAction, m, ws, { path: 'deps\nmore', key: 'deps-2' });
    expect(otherPaths.result.outputs).toEqual({ 'cache-primary-key': 'deps-2' });
  });

  it('never overwrites a key, even when two jobs save it at once', async () => {
    const m = machine();
    const ws = m.workspace('ws');
    write(ws, { 'out/f': 'first' });
    expect((await step(cacheSaveAction, m, ws, { path: 'out', key: 'k' })).log).toContain('Cache saved with key: k');
    write(ws, { 'out/f': 'second' });
    const again = await step(cacheSaveAction, m, ws, { path: 'out', key: 'k' });
    expect(again.result.annotations?.[0]?.message).toBe('Failed to save: Unable to reserve cache with key k, another job may be creating this cache.');
    rmSync(path.join(ws, 'out'), { recursive: true });
    await step(cacheRestoreAction, m, ws, { path: 'out', key: 'k' });
    expect(readFileSync(path.join(ws, 'out/f'), 'utf8')).toBe('first');

    const version = cacheVersion(['x']);
    const writer = (text: string) => async (file: string) => writeFileSync(file, text);
    const results = await Promise.all([1, 2, 3, 4].map((i) => saveCacheEntry(m.dataDir, version, 'race', i, writer(`w${i}`))));
    expect(results.filter((r) => r === 'saved')).toHaveLength(1);
    expect(readdirSync(path.join(m.dataDir, 'cache', version)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('warns instead of saving when no path exists', async () => {
    const m = machine();
    const { result } = await step(cacheSaveAction, m, m.workspace('ws'), { path: 'nothing/here', key: 'k' });
    expect(result).toEqual({ outcome: 'success', annotations: [{ level: 'warning', message: 'Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.' }] });
  });

  it('honours lookup-only and fail-on-cache-miss', async () => {
    const m = machine();
    const ws = m.workspace('ws');
    write(ws, { 'dist/a': 'a' });
    await step(cacheSaveAction, m, ws, { path: 'dist', key: 'k' });
    rmSync(path.join(ws, 'dist'), { recursive: true });
    const lookup = await step(cacheAction, m, ws, { path: 'dist', key: 'k', 'lookup-only': true });
    expect(lookup.result.outputs?.['cache-hit']).toBe('true');
    expect(lookup.log).toContain('Cache found and can be restored from key: k');
    expect(existsSync(path.join(ws, 'dist'))).toBe(false);
    const fail = await step(cacheAction, m, ws, { path: 'dist', key: 'nope', 'fail-on-cache-miss': true });
    expect(fail.result).toMatchObject({ outcome: 'failure', error: 'Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: nope' });
  });

  it('rejects bad keys and missing inputs', async () => {
    const m = machine();
    const ws = m.workspace('ws');
    expect((await step(cacheAction, m, ws, { path: 'x', key: 'a,b' })).result.thrown).toBe('Key Validation Error: a,b cannot contain commas.');
    expect((await step(cacheAction, m, ws, { path: 'x', key: 'k'.repeat(513) })).result.thrown).toMatch(/cannot be larger than 512 characters/);
    expect((await step(cacheAction, m, ws, { path: 'x' })).result.thrown).toBe('Input required and not supplied: key');
    expect((await step(cacheAction, m, ws, { key: 'k' })).result.thrown).toBe('Input required and not supplied: path');
  });
});
