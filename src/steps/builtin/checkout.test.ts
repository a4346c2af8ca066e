import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkout } from './checkout.ts';
import { builtinContext, createRepo, git, runMain } from './testing/builtin-context.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A workspace repository with three commits, a tag on the first and a `feature` branch. */
function workspaceRepo(): { root: string; ws: string; shas: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-co-'));
  roots.push(root);
  const ws = path.join(root, 'ws');
  const shas = createRepo(ws, [{ 'a.txt': 'one', 'dir-a/x': 'x', 'dir-b/y': 'y' }, { 'a.txt': 'two' }, { 'a.txt': 'three' }]);
  git(ws, 'tag', 'v1', shas[0]!);
  git(ws, 'branch', 'feature', shas[1]!);
  return { root, ws, shas };
}

async function run(ws: string, inputs: Record<string, unknown>, github: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const head = git(ws, 'rev-parse', 'HEAD');
  const ctx = await builtinContext({ uses: 'actions/checkout@v4', with: inputs, workspace: ws, github: { repository: 'acme/app', ref: 'refs/heads/main', sha: head, ...github }, env });
  return { result: await runMain(checkout, ctx), log: ctx.text(), ctx };
}

describe('actions/checkout', () => {
  it('uses the local workspace as it is by default, and says so', async () => {
    const { ws, shas } = workspaceRepo();
    const clean = await run(ws, {});
    expect(clean.result).toEqual({ outcome: 'success', outputs: { ref: 'refs/heads/main', commit: shas[2] } });
    expect(clean.log).toContain(`using the local workspace ${ws} at ${shas[2]}\n`);
    writeFileSync(path.join(ws, 'a.txt'), 'edited');
    expect((await run(ws, { ref: 'main' })).log).toContain('(with uncommitted changes)');
    expect(readFileSync(path.join(ws, 'a.txt'), 'utf8')).toBe('edited');
  });

  it('warns and leaves the working copy alone when ref names another commit', async () => {
    const { ws, shas } = workspaceRepo();
    const { result, log } = await run(ws, { ref: 'v1' });
    expect(result.outputs).toEqual({ ref: 'v1', commit: shas[2] });
    expect(result.annotations?.[0]?.message).toContain(`ref 'v1' is commit ${shas[0]}, but the workspace is at ${shas[2]}`);
    expect(log).toContain('##[warning]');
    expect(git(ws, 'rev-parse', 'HEAD')).toBe(shas[2]);
    expect((await run(ws, { ref: 'nope' })).result.annotations?.[0]?.message).toContain("ref 'nope' is not in the workspace repository");
  });

  it('uses a workspace that is not a git repository as it is', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ado-co-plain-'));
    roots.push(root);
    const ctx = await builtinContext({ uses: 'actions/checkout@v4', workspace: root, github: { ref: 'refs/heads/x', sha: 'abc' } });
    expect(await checkout.execute(ctx)).toEqual({ outcome: 'success', outputs: { ref: 'refs/heads/x', commit: 'abc' } });
    expect(ctx.text()).toContain('(not a git repository)');
    const elsewhere = await runMain(checkout, await builtinContext({ uses: 'actions/checkout@v4', workspace: root, with: { path: 'sub' } }));
    expect(elsewhere.thrown).toContain('the workspace is not a git repository and no repository is known to clone');
  });

  it('clones the event commit shallowly into path, from the workspace repository', async () => {
    const { ws, shas } = workspaceRepo();
    writeFileSync(path.join(ws, 'a.txt'), 'uncommitted');
    const { result, log } = await run(ws, { path: 'sub' });
    const sub = path.join(ws, 'sub');
    expect(result).toEqual({ outcome: 'success', outputs: { ref: 'refs/heads/main', commit: shas[2] } });
    expect(readFileSync(path.join(sub, 'a.txt'), 'utf8')).toBe('three');
    expect(git(sub, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(git(sub, 'branch', '--show-current')).toBe('main');
    expect(log).toContain('[command]git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin');
  });

  it('clones a branch, a tag or a commit given as ref; fetch-depth 0 brings all history and tags', async () => {
    const { ws, shas } = workspaceRepo();
    expect((await run(ws, { path: 'b', ref: 'feature' })).result.outputs).toEqual({ ref: 'refs/heads/feature', commit: shas[1] });
    expect(git(path.join(ws, 'b'), 'branch', '--show-current')).toBe('feature');
    expect((await run(ws, { path: 't', ref: 'v1' })).result.outputs).toEqual({ ref: 'refs/tags/v1', commit: shas[0] });
    expect((await run(ws, { path: 's', ref: shas[0] })).result.outputs).toEqual({ ref: shas[0], commit: shas[0] });
    expect((await run(ws, { path: 'full', 'fetch-depth': 0 })).result.outputs?.commit).toBe(shas[2]);
    expect(git(path.join(ws, 'full'), 'rev-list', '--count', 'HEAD')).toBe('3');
    expect(git(path.join(ws, 'full'), 'tag')).toBe('v1');
    expect((await run(ws, { path: 'x', ref: 'no-such-branch' })).result.thrown).toContain("a branch or tag with the name 'no-such-branch' could not be found");
  });

  it('reuses an earlier clone (cleaned) and refuses a non-empty directory that is not one', async () => {
    const { ws, shas } = workspaceRepo();
    await run(ws, { path: 'sub', ref: 'feature' });
    writeFileSync(path.join(ws, 'sub', 'stray.txt'), 'x');
    expect((await run(ws, { path: 'sub' })).result.outputs?.commit).toBe(shas[2]);
    expect(existsSync(path.join(ws, 'sub', 'stray.txt'))).toBe(false);
    mkdirSync(path.join(ws, 'junk'));
    writeFileSync(path.join(ws, 'junk', 'file'), 'x');
    expect((await run(ws, { path: 'junk' })).result.thrown).toContain('is not empty and is not a git clone; autodevops does not delete it');
    expect((await run(ws, { path: '../outside' })).result.thrown).toContain('is not under');
  });

  it('clones another repository from github-server-url, with sparse checkout and submodules', async () => {
    const { root, ws } = workspaceRepo();
    const lib = path.join(root, 'server', 'acme', 'lib');
    createRepo(lib, [{ 'lib.txt': 'lib' }]);
    const other = path.join(root, 'server', 'acme', 'other');
    createRepo(other, [{ 'keep/k.txt': 'k', 'drop/d.txt': 'd', 'top.txt': 't' }]);
    git(other, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', pathToFileURL(lib).href, 'vendor/lib');
    git(other, 'commit', '-q', '-m', 'submodule');
    const allowFile = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'protocol.file.allow', GIT_CONFIG_VALUE_0: 'always' };
    const server = pathToFileURL(path.join(root, 'server')).href;
    const { result } = await run(ws, { repository: 'acme/other', path: 'other', 'github-server-url': server, submodules: true, token: 'tok-123', lfs: true }, {}, allowFile);
    expect(result.outputs?.ref).toBe('refs/heads/main');
    expect(readFileSync(path.join(ws, 'other/vendor/lib/lib.txt'), 'utf8')).toBe('lib');
    await run(ws, { repository: 'acme/other', path: 'sparse', 'github-server-url': server, 'sparse-checkout': 'keep' });
    expect(existsSync(path.join(ws, 'sparse/keep/k.txt'))).toBe(true);
    expect(existsSync(path.join(ws, 'sparse/drop'))).toBe(false);
  });
});
