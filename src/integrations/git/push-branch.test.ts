// Real `git push` to bare repositories: by file:// URL, and over HTTP through git http-backend
// with Basic authentication, proving the token is sent as a header and stored nowhere.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolateGitConfig, makeRepo, sh, writeFiles } from '../../ai/git/testing/git-fixtures.ts';
import { expectForgeError } from '../forge-conformance/fixtures.ts';
import { pushBranch, scrub, withoutCredentials } from './push-branch.ts';
import { startGitHttpServer, type GitHttpServer } from './testing/git-http-server.ts';

const token = 'ghp_pushTokenForTests0123456789abcdefABCD';
let fixture: ReturnType<typeof makeRepo>;
let bare: string;

beforeAll(() => void isolateGitConfig());
beforeEach(() => {
  fixture = makeRepo();
  bare = path.join(fixture.root, 'remote.git');
  execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', bare]);
  sh(fixture.repo, 'checkout', '--quiet', '-b', 'ado/fix-1');
  writeFiles(fixture.repo, { 'src/app.txt': 'one\ntwo\nthree\n' });
  sh(fixture.repo, 'commit', '--quiet', '-am', 'change');
});
afterEach(() => fixture.cleanup());

const remoteSha = (branch: string): string => execFileSync('git', ['rev-parse', `refs/heads/${branch}`], { cwd: bare, encoding: 'utf8' }).trim();
const localSha = (branch: string): string => sh(fixture.repo, 'rev-parse', branch);

/** Every file under .git, as text, to prove the token was written nowhere. */
function gitDirText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile()).map((f) => readFileSync(f, 'latin1')).join('\n');
}

describe('pushing to a local bare repository', () => {
  it('pushes the branch under the same name and stores no remote', async () => {
    const configBefore = readFileSync(path.join(fixture.repo, '.git', 'config'), 'utf8');
    const pushed = await pushBranch({ repoDir: fixture.repo, remoteUrl: `file://${bare}`, branch: 'ado/fix-1', token, forge: 'github' });
    expect(pushed.sha).toBe(localSha('ado/fix-1'));
    expect(remoteSha('ado/fix-1')).toBe(pushed.sha);
    expect(readFileSync(path.join(fixture.repo, '.git', 'config'), 'utf8')).toBe(configBefore);
    expect(sh(fixture.repo, 'remote')).toBe('');
  });

  it('refuses a push the remote branch cannot fast-forward to, and overwrites it when forced', async () => {
    await pushBranch({ repoDir: fixture.repo, remoteUrl: bare, branch: 'ado/fix-1', token, forge: 'github' });
    sh(fixture.repo, 'commit', '--quiet', '--amend', '-m', 'rewritten');
    const error = await expectForgeError(pushBranch({ repoDir: fixture.repo, remoteUrl: bare, branch: 'ado/fix-1', token, forge: 'github' }), 'ADO_FORGE_REFUSED', [token]);
    expect(error.message).toContain('has commits this one lacks');
    expect((error as unknown as { hint: string }).hint).toContain('force');
    await pushBranch({ repoDir: fixture.repo, remoteUrl: bare, branch: 'ado/fix-1', token, forge: 'github', force: true });
    expect(remoteSha('ado/fix-1')).toBe(localSha('ado/fix-1'));
  });

  it('reports a protected branch the remote refuses in its pre-receive hook', async () => {
    const hook = path.join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "GitLab: You are not allowed to push code to protected branches on this project." >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const error = await expectForgeError(pushBranch({ repoDir: fixture.repo, remoteUrl: bare, branch: 'ado/fix-1', token, forge: 'gitlab' }), 'ADO_FORGE_REFUSED', [token]);
    expect(error.message).toMatch(/Pushing ado\/fix-1 to .* failed: the branch is protected\. git said: .*not allowed to push code to protected branches/s);
  });

  it('names a branch the repository does not have', async () => {
    await expect(pushBranch({ repoDir: fixture.repo, remoteUrl: bare, branch: 'no-such', token, forge: 'github' })).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('has no such branch') });
  });

  it('reports a remote repository that does not exist as not found', async () => {
    await expectForgeError(pushBranch({ repoDir: fixture.repo, remoteUrl: path.join(fixture.root, 'missing.git'), branch: 'ado/fix-1', token, forge: 'github' }), 'ADO_FORGE_NOT_FOUND', [token]);
  });

  it('reports other failures as refused, with what git said', async () => {
    const hook = path.join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "quota exceeded for this namespace" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const error = await expectForgeError(pushBranch({ repoDir: fixture.repo, remoteUrl: bare, branch: 'ado/fix-1', token, forge: 'github' }), 'ADO_FORGE_REFUSED', [token]);
    expect(error.message).toMatch(/git could not push\. git said: .*quota exceeded/s);
  });
});

describe('pushing over HTTP with a token', () => {
  let server: GitHttpServer;
  let root: string;

  beforeEach(async () => {
    root = path.join(fixture.root, 'served');
    mkdirSync(root);
    execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', path.join(root, 'app.git')]);
    server = await startGitHttpServer({ root, user: 'x-access-token', token });
  });
  afterEach(() => server.close());

  it('sends the token as a Basic authorization header, never in a URL, and stores it nowhere', async () => {
    const helperFile = path.join(fixture.root, 'stored-credentials');
    sh(fixture.repo, 'config', 'credential.helper', `store --file=${helperFile}`);
    const pushed = await pushBranch({ repoDir: fixture.repo, remoteUrl: `${server.url}/app.git`, branch: 'ado/fix-1', token, forge: 'github' });
    expect(execFileSync('git', ['rev-parse', 'refs/heads/ado/fix-1'], { cwd: path.join(root, 'app.git'), encoding: 'utf8' }).trim()).toBe(pushed.sha);
    expect(server.requests.filter((r) => r.credentials === `x-access-token:${token}`).length).toBeGreaterThan(0);
    expect(server.requests.every((r) => !r.url.includes(token))).toBe(true);
    expect(pushed.output).not.toContain(token);
    expect(gitDirText(path.join(fixture.repo, '.git'))).not.toContain(token);
    expect(existsSync(helperFile)).toBe(false);
  });

  it('sends GitLab tokens with the oauth2 user name', async () => {
    const gitlab = await startGitHttpServer({ root, user: 'oauth2', token });
    try {
      await pushBranch({ repoDir: fixture.repo, remoteUrl: `${gitlab.url}/app.git`, branch: 'ado/fix-1', token, forge: 'gitlab' });
      expect(gitlab.requests.some((r) => r.credentials === `oauth2:${token}`)).toBe(true);
    } finally {
      await gitlab.close();
    }
  });

  it('reports a refused token as ADO_FORGE_AUTH, without the token or its header value, and asks no credential helper', async () => {
    const helperFile = path.join(fixture.root, 'stored-credentials');
    sh(fixture.repo, 'config', 'credential.helper', `store --file=${helperFile}`);
    const wrong = 'ghp_wrongTokenForTests0123456789abcdefAB';
    const encoded = Buffer.from(`x-access-token:${wrong}`).toString('base64');
    const error = await expectForgeError(pushBranch({ repoDir: fixture.repo, remoteUrl: `${server.url}/app.git`, branch: 'ado/fix-1', token: wrong, forge: 'github' }), 'ADO_FORGE_AUTH', [wrong, encoded]);
    expect(error.message).toContain(`${server.url}/app.git`);
    expect(existsSync(helperFile)).toBe(false);
  });

  it('ignores credentials written into the URL and keeps them out of every message', async () => {
    const pushed = await pushBranch({ repoDir: fixture.repo, remoteUrl: `${server.url.replace('//', '//someone:urlSecret99@')}/app.git`, branch: 'ado/fix-1', token, forge: 'github' });
    expect(pushed.remoteUrl).toBe(`${server.url}/app.git`);
    expect(server.requests.some((r) => r.credentials?.includes('urlSecret99'))).toBe(false);
  });

  it('refuses to push over http(s) without a token before running git', async () => {
    await expect(pushBranch({ repoDir: fixture.repo, remoteUrl: `${server.url}/app.git`, branch: 'ado/fix-1', token: ' ', forge: 'gitlab' })).rejects.toMatchObject({ code: 'ADO_FORGE_AUTH', hint: expect.stringContaining('GITLAB_TOKEN') });
    expect(server.requests).toEqual([]);
  });

  it('reports a repository the server does not have as not found', async () => {
    await expectForgeError(pushBranch({ repoDir: fixture.repo, remoteUrl: `${server.url}/missing.git`, branch: 'ado/fix-1', token, forge: 'github' }), 'ADO_FORGE_NOT_FOUND', [token]);
  });
});

describe('scrubbing', () => {
  it('removes tokens, header values and URL credentials', () => {
    const text = 'Authorization: Basic abc123== from https://me:pw@host/x and ghp_abcdefghijklmnop1234 glpat-abcdefghijklmnopqrst tok3n';
    expect(scrub(text, ['tok3n'])).toBe('Authorization: Basic *** from https://***@host/x and *** *** ***');
  });

  it('leaves non-http remotes as given', () => {
    expect(withoutCredentials('git@github.com:octo/app.git')).toEqual({ url: 'git@github.com:octo/app.git', http: false });
  });
});
