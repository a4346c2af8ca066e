import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, dbSnapshot, errorOf, jsonPut, startTestServer, type TestServer } from '../../test/server/harness.ts';

const workflow = (step: string): string => `name: build
on: [push, workflow_dispatch]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: ${step}
`;

let t: TestServer;
let repo: string;
const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' }).trim();
const put = (id: string, body: unknown): Promise<Response> => t.call(t.p(`/workflows/${id}`), { ...jsonPut(body), role: 'admin' });
const commit = (text: string): string => {
  writeFileSync(path.join(repo, 'version.txt'), text);
  git('add', '-A');
  git('commit', '-q', '-m', text);
  return git('rev-parse', 'HEAD');
};
const logText = async (runId: string): Promise<string> => (await (await t.call(t.p(`/runs/${runId}/logs`))).json().then(asJson)).chunks.map((c: { text: string }) => c.text).join('');

beforeAll(async () => {
  t = await startTestServer({ 'plain/.github/workflows/build.yml': workflow('echo plain'), 'bad/.github/workflows/build.yml': 'on: push\njobs:\n  x:\n    steps: 3\n' });
  repo = path.join(t.dir, 'repo');
  mkdirSync(path.join(repo, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(repo, '.github/workflows/build.yml'), workflow('cat version.txt'));
  git('init', '-q', '-b', 'main');
});
afterAll(async () => {
  await t.stop();
});

describe('workflows from a local git repository', () => {
  let v1: string;
  let v2: string;

  it('registers the HEAD commit as a version; unchanged, the same version again', async () => {
    v1 = commit('one');
    const first = await put('build', { source: { path: 'repo' }, file: '.github/workflows/build.yml' });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ created: true, workflow: { id: 'build', latestVersion: v1 }, version: { version: v1, kind: 'commit', name: 'build', on: { push: {}, workflow_dispatch: {} } } });
    const again = await put('build', { source: { path: 'repo' }, file: '.github/workflows/build.yml' });
    expect([again.status, (await again.json().then(asJson)).version.version]).toEqual([200, v1]);
    expect((await (await t.call(t.p('/workflows'))).json().then(asJson)).workflows).toEqual([expect.objectContaining({ id: 'build', source: { path: 'repo' } })]);
  });

  it('adds a version per commit and runs the snapshot of the version asked for', async () => {
    v2 = commit('two');
    expect((await put('build', { source: { path: 'repo' }, file: '.github/workflows/build.yml' })).status).toBe(201);
    const versions = (await (await t.call(t.p('/workflows/build/versions'))).json().then(asJson)).versions;
    expect(versions.map((v: { version: string }) => v.version).sort()).toEqual([v1, v2].sort());
    commit('three, not registered');
    const latest = await t.dispatch('build');
    const old = await t.dispatch('build', { version: v1 });
    expect(await t.settle(latest)).toMatchObject({ conclusion: 'success', version: v2, trigger: { sha: v2 } });
    expect(await t.settle(old)).toMatchObject({ conclusion: 'success', version: v1, trigger: { sha: v1 } });
    expect(await logText(latest)).toContain('two');
    expect(await logText(old)).toContain('one');
    expect((await (await t.call(t.p('/workflows/build'))).json().then(asJson)).latestVersion).toBe(v2);
  });

  it('checks out a version again when its snapshot was removed', async () => {
    rmSync(path.join(t.deps.dataDir, 'server', 'snapshots', v1), { recursive: true });
    const runId = await t.dispatch('build', { version: v1 });
    expect(await t.settle(runId)).toMatchObject({ conclusion: 'success' });
    expect(await logText(runId)).toContain('one');
  });

  it('registers a git URL at a ref through a mirror', async () => {
    const url = `file://${repo}`;
    const main = await put('remote', { source: { git: url, ref: 'main' }, file: '.github/workflows/build.yml' });
    expect([main.status, (await main.json().then(asJson)).version.version]).toEqual([201, git('rev-parse', 'HEAD')]);
    const pinned = await (await put('remote', { source: { git: url, ref: v1 }, file: '.github/workflows/build.yml' })).json().then(asJson);
    expect(pinned).toMatchObject({ created: true, version: { version: v1, source: { git: url, ref: v1 } } });
    const runId = await t.dispatch('remote');
    expect(await t.settle(runId)).toMatchObject({ conclusion: 'success', version: v1 });
    const before = dbSnapshot(t.deps);
    expect(await errorOf(await put('remote', { source: { git: url, ref: 'nope' }, file: '.github/workflows/build.yml' }))).toMatchObject({ status: 400, message: expect.stringContaining('"nope" names no commit') });
    expect(dbSnapshot(t.deps)).toBe(before);
  });

  it('checks out a git URL\'s version again from the mirror when its snapshot was removed', async () => {
    const { latestVersion } = await (await t.call(t.p('/workflows/remote'))).json().then(asJson);
    rmSync(path.join(t.deps.dataDir, 'server', 'snapshots', latestVersion), { recursive: true });
    expect(await t.settle(await t.dispatch('remote'))).toMatchObject({ conclusion: 'success', version: latestVersion });
  });

  it('reports a git URL that is not a repository', async () => {
    mkdirSync(path.join(t.dir, 'not-a-repo'));
    const error = await errorOf(await put('remote', { source: { git: `file://${t.dir}/not-a-repo` }, file: 'x.yml' }));
    expect(error).toMatchObject({ status: 400, code: 'ADO_REQUEST_INVALID', message: expect.stringContaining('git clone failed') });
  });

  it('refuses a second file for the same version of a workflow', async () => {
    writeFileSync(path.join(repo, '.github/workflows/other.yml'), workflow('echo other'));
    commit('four');
    expect((await put('pair', { source: { path: 'repo' }, file: '.github/workflows/build.yml' })).status).toBe(201);
    expect((await errorOf(await put('pair', { source: { path: 'repo' }, file: '.github/workflows/other.yml' }))).code).toBe('ADO_CONFLICT');
  });
});

describe('workflows from a directory that is not a repository', () => {
  it('versions by content hash: same files, same version; changed files, a new one', async () => {
    const first = await (await put('plain', { source: { path: 'plain' }, file: '.github/workflows/build.yml' })).json().then(asJson);
    expect(first.version).toMatchObject({ kind: 'content', version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await (await put('plain', { source: { path: 'plain' }, file: '.github/workflows/build.yml' })).json().then(asJson)).created).toBe(false);
    writeFileSync(path.join(t.dir, 'plain/extra.txt'), 'x');
    const second = await (await put('plain', { source: { path: './plain/' }, file: '.github/workflows/build.yml' })).json().then(asJson);
    expect([second.created, second.version.version === first.version.version]).toEqual([true, false]);
    const whole = await (await put('whole', { source: { path: '.' }, file: 'plain/.github/workflows/build.yml' })).json().then(asJson);
    expect(whole.created).toBe(true);
    // Symlinks (by target) and the executable bit are part of the content.
    symlinkSync('extra.txt', path.join(t.dir, 'plain/link'));
    const linked = await (await put('plain', { source: { path: 'plain' }, file: '.github/workflows/build.yml' })).json().then(asJson);
    chmodSync(path.join(t.dir, 'plain/extra.txt'), 0o755);
    const executable = await (await put('plain', { source: { path: 'plain' }, file: '.github/workflows/build.yml' })).json().then(asJson);
    expect(new Set([second.version.version, linked.version.version, executable.version.version]).size).toBe(3);
    expect(readlinkSync(path.join(t.deps.dataDir, 'server/snapshots', linked.version.version, 'link'))).toBe('extra.txt');
  });

  it('answers 404 for a content version whose snapshot is gone', async () => {
    const { version } = await (await t.call(t.p('/workflows/plain'))).json().then(asJson).then((w: { latestVersion: string }) => ({ version: w.latestVersion }));
    rmSync(path.join(t.deps.dataDir, 'server', 'snapshots', version), { recursive: true });
    expect((await errorOf(await t.call(t.p('/runs'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workflow: 'plain' }) }))).code).toBe('ADO_NOT_FOUND');
  });
});

describe('bad registrations change nothing', () => {
  it('refuses invalid workflows, missing files, and sources outside the root or with credentials', async () => {
    symlinkSync('/etc', path.join(t.dir, 'escape'));
    const before = dbSnapshot(t.deps);
    const invalid = await errorOf(await put('bad', { source: { path: 'bad' }, file: '.github/workflows/build.yml' }));
    expect(invalid).toMatchObject({ status: 400, code: 'ADO_WORKFLOW_INVALID' });
    expect(invalid.body.error.diagnostics[0].location.file).toBe('.github/workflows/build.yml');
    const cases: Array<[unknown, string]> = [
      [{ source: { path: 'plain' }, file: '.github/workflows/missing.yml' }, 'is not a file of the source'],
      [{ source: { path: 'plain' }, file: '../bad/.github/workflows/build.yml' }, 'is not a path inside the source'],
      [{ source: { path: '..' }, file: 'x.yml' }, 'outside the server\'s root'],
      [{ source: { path: '/etc' }, file: 'x.yml' }, 'outside the server\'s root'],
      [{ source: { path: 'escape' }, file: 'x.yml' }, 'outside the server\'s root'],
      [{ source: { path: 'nowhere' }, file: 'x.yml' }, 'does not exist'],
      [{ source: { path: 'plain/extra.txt' }, file: 'x.yml' }, 'is not a directory'],
      [{ source: { git: 'https://user:pw@example.com/r.git', ref: 'main' }, file: 'x.yml' }, 'holds credentials'],
      [{ source: { git: 'ftp://example.com/r.git' }, file: 'x.yml' }, 'is not a git URL'],
      [{ source: { git: 'file:///etc' }, file: 'x.yml' }, 'outside the server\'s root'],
      [{ source: { git: `file://${repo}`, ref: '--upload-pack=touch' }, file: 'x.yml' }, 'is not a branch, tag or commit'],
      [{ source: { path: 'plain', git: 'x' }, file: 'x.yml' }, ''],
    ];
    for (const [body, message] of cases) {
      const error = await errorOf(await put('bad', body));
      expect([body, error.status, error.code, error.message]).toEqual([body, 400, 'ADO_REQUEST_INVALID', expect.stringContaining(message)]);
    }
    expect(dbSnapshot(t.deps)).toBe(before);
  });

  it('answers 404 for unknown workflows', async () => {
    expect((await errorOf(await t.call(t.p('/workflows/nope')))).code).toBe('ADO_NOT_FOUND');
    expect((await errorOf(await t.call(t.p('/workflows/nope/versions')))).code).toBe('ADO_NOT_FOUND');
  });
});
