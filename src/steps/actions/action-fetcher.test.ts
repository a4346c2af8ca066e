import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureKind } from '../../core/failure.ts';
import { RepositoryCache } from './action-cache.ts';
import { createActionFetcher, repositoryUrl, type ActionFetcherOptions } from './action-fetcher.ts';
import { parseActionReference, type RemoteReference } from './action-reference.ts';
import { createGitServer, type GitServer } from './testing/git-server.ts';

let server: GitServer;
let dataDir: string;

beforeEach(() => {
  server = createGitServer();
  dataDir = mkdtempSync(join(tmpdir(), 'ado-fetch-data-'));
});

afterEach(() => {
  server.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const remote = (uses: string): RemoteReference => parseActionReference(uses) as RemoteReference;
const fetcher = (options: Partial<ActionFetcherOptions> = {}) => createActionFetcher({ server: server.url, dataDir, offline: false, ...options });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('action fetcher', () => {
  it('fetches a tag with git into the cache by commit, without .git, and indexes the ref', async () => {
    const sha = server.publish('acme', 'greet', { 'action.yml': 'runs: {}\n', 'dist/index.js': '1' }, { tags: ['v1'] });
    const fetched = await fetcher().fetch(remote('acme/greet@v1'));
    expect(fetched).toEqual({ dir: join(dataDir, 'actions', 'acme', 'greet', sha), sha, source: 'network' });
    expect(readFileSync(join(fetched.dir, 'dist/index.js'), 'utf8')).toBe('1');
    expect(existsSync(join(fetched.dir, '.git'))).toBe(false);
    expect(readdirSync(join(dataDir, 'actions', 'acme', 'greet')).sort()).toEqual([sha, 'refs.json'].sort());
    expect(JSON.parse(readFileSync(join(dataDir, 'actions', 'acme', 'greet', 'refs.json'), 'utf8')).v1.sha).toBe(sha);
  });

  it('reuses the cached commit when the ref still points at it, and fetches again when it moved', async () => {
    const first = server.publish('acme', 'greet', { 'a.txt': 'one' }, { tags: ['v1'] });
    expect((await fetcher().fetch(remote('acme/greet@v1'))).source).toBe('network');
    expect(await fetcher().fetch(remote('acme/greet@v1'))).toMatchObject({ sha: first, source: 'cache' });
    const second = server.publish('acme', 'greet', { 'a.txt': 'two' }, { tags: ['v1'] });
    const moved = await fetcher().fetch(remote('acme/greet@v1'));
    expect(moved).toMatchObject({ sha: second, source: 'network' });
    expect(readFileSync(join(moved.dir, 'a.txt'), 'utf8')).toBe('two');
  });

  it('reads a bare name as git does: a tag before a branch of the same name; branches too', async () => {
    const tagged = server.publish('acme', 'x', { 'f': 'tag' }, { tags: ['v2'] });
    const branch = server.publish('acme', 'x', { 'f': 'branch' }, { branch: 'v2' });
    expect((await fetcher().fetch(remote('acme/x@v2'))).sha).toBe(tagged);
    const main = server.publish('acme', 'x', { 'f': 'main' });
    expect((await fetcher().fetch(remote('acme/x@main'))).sha).toBe(main);
    expect(branch).not.toBe(tagged);
  });

  it('fetches a full commit sha, and then needs no server for it', async () => {
    const sha = server.publish('acme', 'pinned', { 'action.yml': 'x' }, { tags: ['v1'] });
    server.publish('acme', 'pinned', { 'action.yml': 'y' }, { tags: ['v1'] });
    const fetched = await fetcher().fetch(remote(`acme/pinned@${sha}`));
    expect(fetched).toMatchObject({ sha, source: 'network' });
    expect(readFileSync(join(fetched.dir, 'action.yml'), 'utf8')).toBe('x');
    server.cleanup();
    expect(await fetcher({ offline: true }).fetch(remote(`acme/pinned@${sha}`))).toMatchObject({ sha, source: 'cache' });
  });

  it('offline: uses the commit the ref resolved to last time; a missing one fails naming the action and what to do', async () => {
    const sha = server.publish('acme', 'greet', { 'a': '1' }, { tags: ['v1'] });
    await fetcher().fetch(remote('acme/greet@v1'));
    server.cleanup();
    expect(await fetcher({ offline: true }).fetch(remote('acme/greet@v1'))).toMatchObject({ sha, source: 'cache' });
    const error = await failureOf(fetcher({ offline: true }).fetch(remote('acme/greet@v2')));
    expect(error.message).toContain('acme/greet@v2 is not in the action cache');
    expect(error.message).toContain('run once without --action-offline');
    expect(error.message).toContain('--action-override acme/greet@v2=./path/to/copy');
    expect(failureKind(error)).toBe('failed');
    expect((await failureOf(fetcher({ offline: true }).fetch(remote(`acme/greet@${'a'.repeat(40)}`)))).message).toContain('not in the action cache');
  });

  it('falls back to the cache when the server cannot be reached, and says so', async () => {
    const sha = server.publish('acme', 'greet', { 'a': '1' }, { tags: ['v1'] });
    await fetcher().fetch(remote('acme/greet@v1'));
    const down = fetcher({ server: 'http://127.0.0.1:9', timeoutMs: 10_000 });
    expect(await down.fetch(remote('acme/greet@v1'))).toMatchObject({ sha, source: 'cache-unreachable' });
    const error = await failureOf(down.fetch(remote('acme/other@v1')));
    expect(error.message).toContain('Unable to resolve action `acme/other@v1` from http://127.0.0.1:9/acme/other');
    expect(failureKind(error)).toBe('retryable');
  });

  it('fails clearly for a missing version or repository, and does not remember the failure', async () => {
    server.publish('acme', 'greet', { 'a': '1' }, { tags: ['v1'] });
    const f = fetcher();
    const noVersion = await failureOf(f.fetch(remote('acme/greet@v9')));
    expect(noVersion.message).toMatch(/^Unable to resolve action `acme\/greet@v9`, unable to find version `v9`/);
    const noRepo = await failureOf(f.fetch(remote('acme/nothing@v1')));
    expect(noRepo.message).toContain('Unable to resolve action `acme/nothing@v1`');
    expect(failureKind(noRepo)).toBe('failed');
    server.publish('acme', 'greet', { 'a': '2' }, { tags: ['v9'] });
    expect((await f.fetch(remote('acme/greet@v9'))).source).toBe('network');
  });

  it('fetches once for concurrent steps of one process, and again after reuseMs', async () => {
    server.publish('acme', 'greet', { 'a': '1' }, { tags: ['v1'] });
    let now = 0;
    const f = fetcher({ now: () => now, reuseMs: 1000 });
    const all = Array.from({ length: 5 }, () => f.fetch(remote('acme/greet@v1')));
    expect(new Set(all).size).toBe(1);
    const [first] = await Promise.all(all);
    expect(first!.source).toBe('network');
    expect(readdirSync(join(dataDir, 'actions', 'acme', 'greet')).filter((n) => n.startsWith('.tmp'))).toEqual([]);
    now = 2000;
    expect((await f.fetch(remote('acme/greet@v1'))).source).toBe('cache');
  });

  it('builds the repository URL from the server', () => {
    expect(repositoryUrl('https://github.com/', remote('actions/checkout/sub@v4'))).toBe('https://github.com/actions/checkout');
  });
});

describe('repository cache', () => {
  it('never takes a temporary directory for a commit, and keeps the first complete install', async () => {
    const cache = new RepositoryCache(dataDir, 'Acme', 'Greet');
    const a = await cache.temporaryDir();
    mkdirSync(a);
    writeFileSync(join(a, 'f'), 'first');
    expect(cache.has('abc')).toBe(false);
    await cache.install(a, 'abc');
    const b = await cache.temporaryDir();
    mkdirSync(b);
    writeFileSync(join(b, 'f'), 'second');
    expect(await cache.install(b, 'abc')).toBe(cache.commitDir('abc'));
    expect(readFileSync(join(cache.commitDir('abc'), 'f'), 'utf8')).toBe('first');
    expect(existsSync(b)).toBe(false);
  });

  it('forgets refs whose commit is gone, and survives a damaged index', async () => {
    const cache = new RepositoryCache(dataDir, 'acme', 'greet');
    await cache.remember('v1', 'gone', 1);
    expect(await cache.lookup('v1')).toBeUndefined();
    await cache.remember('__proto__', 'x', 1);
    expect(await cache.lookup('toString')).toBeUndefined();
    writeFileSync(join(cache.root, 'refs.json'), '{ not json');
    expect(await cache.lookup('v1')).toBeUndefined();
  });
});
