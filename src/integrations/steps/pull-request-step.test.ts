// autodevops/pull-request and autodevops/post-review end to end through the engine, against the
// GitHub mock (every request checked against GitHub's OpenAPI description) and a real bare
// repository as the remote; the token must never appear in logs, history or errors.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubMock, type GitHubMock } from '../../../test/support/github-mock/github-mock.ts';
import { fastTiming, testApp } from '../../../test/support/github-mock/github-forges.ts';
import { startGitHttpServer, type GitHttpServer } from '../git/testing/git-http-server.ts';
import { isolateGitConfig, makeRepo } from '../../ai/git/testing/git-fixtures.ts';
import { createForgeConnector } from '../../app/forges.ts';
import { openForgeWorld, type ForgeWorld } from './testing/forge-world.ts';

const repo = { owner: 'octo-org', name: 'web-app' };
let world: ForgeWorld;
let mock: GitHubMock;
let gitServer: GitHttpServer | undefined;

beforeAll(() => void isolateGitConfig());

async function open(env: Record<string, string> = {}): Promise<void> {
  mock = await startGitHubMock();
  mock.createRepo(repo, { branches: ['ado/fix-1'] });
  world = await openForgeWorld(createForgeConnector({ env: { GITHUB_API_URL: mock.url, AUTODEVOPS_URL: 'http://127.0.0.1:7400/', ...env }, timing: { github: fastTiming } }), makeRepo());
}

afterEach(async () => {
  const violations = mock.violations();
  await world.close();
  await mock.close();
  await gitServer?.close();
  gitServer = undefined;
  expect(violations).toEqual([]);
});

const target = (): Record<string, string> => ({ path: world.repo, remote: `file://${world.bare}`, forge: 'github', repository: 'octo-org/web-app' });

const pullRequest = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'pr', uses: 'autodevops/pull-request@v1',
  with: { ...target(), branch: 'ado/fix-1', summary: 'Fix the login form\n\nThe email field is validated now.', tests: 'Tests: 12 passed\n```nested fence```', ...extra },
});

const findings = [
  { file: 'src/app.txt', line: 3, severity: 'major', message: 'Line three is new and untested.', suggestion: 'Add a test.' },
  { file: 'README.md', line: 1, severity: 'minor', message: 'The README does not mention the change.', suggestion: 'Describe it.' },
];

const postReview = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'review', uses: 'autodevops/post-review@v1',
  with: { ...target(), number: '${{ steps.pr.outputs.number }}', branch: 'ado/fix-1', base: 'main', summary: 'Two findings.', findings: JSON.stringify(findings), ...extra },
});

const stepOf = (view: Awaited<ReturnType<ForgeWorld['run']>>, id: string) => view.jobs[0]!.steps.find((s) => s.id === id)!;

describe('autodevops/pull-request on GitHub', () => {
  it('pushes the branch and opens a pull request whose body carries the summary, the test evidence and the run', async () => {
    await open();
    const view = await world.run([pullRequest()], { GITHUB_TOKEN: mock.token });
    expect(view.conclusion).toBe('success');
    const step = stepOf(view, 'pr');
    expect(step.outputs).toMatchObject({ number: '1', created: 'true', branch: 'ado/fix-1', forge: 'github', repository: 'octo-org/web-app', url: expect.stringContaining('/octo-org/web-app/pull/1') });
    expect(world.remoteSha('ado/fix-1')).toBe(step.outputs['sha']);
    const [pr] = mock.pullRequests(repo);
    expect(pr).toMatchObject({ head: 'ado/fix-1', base: 'main', title: 'Fix the login form', draft: false });
    expect(pr!.body).toContain('## Summary\n\nFix the login form\n\nThe email field is validated now.');
    expect(pr!.body).toContain('## Test evidence');
    expect(pr!.body).toContain('````\nTests: 12 passed\n```nested fence```\n````');
    expect(pr!.body).toContain(`[${view.id}](http://127.0.0.1:7400/runs/${view.id})`);
    const traces = await world.traces(view);
    expect(traces).toContain('pushing ado/fix-1 to github octo-org/web-app');
    expect(traces).toContain('opened http');
    expect(traces).not.toContain(mock.token);
  });

  it('masks the run\'s secrets in the title and body it sends', async () => {
    await open();
    const view = await world.run([pullRequest({ title: 'Fix ${{ secrets.DEPLOY_KEY }}', body: 'Key: ${{ secrets.DEPLOY_KEY }}' })], { GITHUB_TOKEN: mock.token, DEPLOY_KEY: 'super-secret-value-123' });
    expect(view.conclusion).toBe('success');
    expect(JSON.stringify(mock.pullRequests(repo))).not.toContain('super-secret-value-123');
    expect(mock.pullRequests(repo)[0]).toMatchObject({ title: 'Fix ***', body: expect.stringContaining('Key: ***') });
  });

  it('updates the open pull request on a second run instead of opening another', async () => {
    await open();
    await world.run([pullRequest()], { GITHUB_TOKEN: mock.token });
    const again = await world.run([pullRequest({ title: 'Fix the login form (v2)', draft: 'true' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(again, 'pr').outputs).toMatchObject({ number: '1', created: 'false' });
    expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ title: 'Fix the login form (v2)' })]);
    expect(await world.harness.logs(again.id)).toContain('updated http');
  });

  it('takes the token from the environment of autodevops when the run has no secret', async () => {
    await open({ GITHUB_TOKEN: 'ghp_mockPersonalToken0000000000000000000' });
    const view = await world.run([pullRequest()]);
    expect(view.conclusion).toBe('success');
    expect(await world.traces(view)).not.toContain(mock.token);
  });

  it('fails clearly without credentials, before pushing anything', async () => {
    await open();
    const view = await world.run([pullRequest()]);
    const step = stepOf(view, 'pr');
    expect(view.conclusion).toBe('failure');
    expect(step.error).toMatch(/^ADO_FORGE_AUTH: No GitHub credentials/);
    expect(step.outputs['error-code']).toBe('ADO_FORGE_AUTH');
    expect(view.jobs[0]!.summary).toContain('AUTODEVOPS_GITHUB_APP_ID');
    expect(world.remoteSha('ado/fix-1')).toBeUndefined();
  });

  it('reports a repository the forge does not have as not found', async () => {
    await open();
    const view = await world.run([pullRequest({ repository: 'octo-org/does-not-exist' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(view, 'pr').error).toMatch(/^ADO_FORGE_NOT_FOUND: .*octo-org\/does-not-exist/);
    expect(await world.traces(view)).not.toContain(mock.token);
  });

  it('reports a protected branch the remote refuses', async () => {
    await open();
    const hook = path.join(world.bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "error: GH006: Protected branch update failed for refs/heads/ado/fix-1." >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const view = await world.run([pullRequest()], { GITHUB_TOKEN: mock.token });
    expect(stepOf(view, 'pr').error).toMatch(/^ADO_FORGE_REFUSED: Pushing ado\/fix-1 .* the branch is protected/);
    expect(mock.pullRequests(repo)).toEqual([]);
  });

  it('reports an exhausted rate limit with its reset time', async () => {
    await open();
    const resetAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3600_000);
    mock.rateLimit({ requests: 100, resetAt });
    const view = await world.run([pullRequest()], { GITHUB_TOKEN: mock.token });
    expect(stepOf(view, 'pr').error).toContain(`ADO_FORGE_RATE_LIMITED: GitHub's rate limit is exhausted`);
    expect(stepOf(view, 'pr').error).toContain(resetAt.toISOString());
  });

  it('pushes to the repository\'s origin when no remote is given', async () => {
    await open();
    execFileSync('git', ['remote', 'add', 'origin', `file://${world.bare}`], { cwd: world.repo });
    const view = await world.run([pullRequest({ remote: '' })], { GITHUB_TOKEN: mock.token });
    expect(view.conclusion).toBe('success');
    expect(world.remoteSha('ado/fix-1')).toBe(stepOf(view, 'pr').outputs['sha']);
  });

  it('pushes to the forge\'s URL of the repository when there is no origin, with the token in no URL or file', async () => {
    const served = mkdtempSync(path.join(tmpdir(), 'ado-served-'));
    try {
      execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', path.join(served, 'octo-org', 'web-app.git')]);
      gitServer = await startGitHttpServer({ root: served, user: 'x-access-token', token: (t) => t === mock.token });
      // A GitHub Enterprise Server at the git server's address: its remotes are `<GITHUB_SERVER_URL>/owner/name.git`.
      await open({ GITHUB_SERVER_URL: `${gitServer.url}/` });
      const view = await world.run([pullRequest({ remote: '' })], { GITHUB_TOKEN: mock.token });
      expect(view.conclusion).toBe('success');
      const pushed = execFileSync('git', ['rev-parse', 'refs/heads/ado/fix-1'], { cwd: path.join(served, 'octo-org', 'web-app.git'), encoding: 'utf8' }).trim();
      expect(pushed).toBe(stepOf(view, 'pr').outputs['sha']);
      expect(gitServer.requests.filter((r) => r.url.startsWith('/octo-org/web-app.git/')).every((r) => r.credentials === undefined || r.credentials === `x-access-token:${mock.token}`)).toBe(true);
      expect(gitServer.requests.some((r) => r.credentials === `x-access-token:${mock.token}`)).toBe(true);
      expect(readFileSync(path.join(world.repo, '.git', 'config'), 'utf8')).not.toContain(gitServer.url);
      expect(await world.traces(view)).not.toContain(mock.token);
    } finally {
      rmSync(served, { recursive: true, force: true });
    }
  });

  it('asks for a remote when the repository has no origin and the step names no repository on a forge', async () => {
    await open();
    const view = await world.run([pullRequest({ remote: '', repository: '' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(view, 'pr').error).toMatch(/ADO_CONFIG_INVALID: autodevops\/pull-request: input `remote` is needed: .* has no remote "origin"/);
  });

  it('names the input to fix when it cannot tell the forge or the repository', async () => {
    await open();
    const noForge = await world.run([pullRequest({ forge: '' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(noForge, 'pr').error).toMatch(/ADO_CONFIG_INVALID: autodevops\/pull-request: input `forge` is needed/);
    const badRepo = await world.run([pullRequest({ repository: 'just-a-name' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(badRepo, 'pr').error).toContain('input `repository` must be owner/name, not "just-a-name"');
    const noRepo = await world.run([pullRequest({ repository: '' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(noRepo, 'pr').error).toContain('input `repository` is needed');
  });
});

describe('autodevops/pull-request with a GitHub App, over HTTP', () => {
  it('pushes with the installation token and masks the key and the token', async () => {
    await open({ AUTODEVOPS_GITHUB_APP_ID: String(testApp.appId), AUTODEVOPS_GITHUB_APP_PRIVATE_KEY: testApp.privateKey.replaceAll('\n', '\\n'), AUTODEVOPS_GITHUB_APP_INSTALLATION_ID: String(testApp.installationId) });
    mock.registerApp({ appId: testApp.appId, publicKey: testApp.publicKey, installationId: testApp.installationId });
    execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', path.join(world.root, 'served', 'octo-org', 'web-app.git')]);
    gitServer = await startGitHttpServer({ root: path.join(world.root, 'served'), user: 'x-access-token', token: (t) => t.startsWith('ghs_') });
    const view = await world.run([pullRequest({ remote: `${gitServer.url}/octo-org/web-app.git`, forge: 'github', repository: '' })]);
    expect(view.conclusion).toBe('success');
    const sent = gitServer.requests.find((r) => r.credentials)?.credentials?.split(':')[1] ?? '';
    expect(sent).toMatch(/^ghs_/);
    const traces = await world.traces(view);
    expect(traces).not.toContain(sent);
    expect(traces).not.toContain('BEGIN RSA PRIVATE KEY');
  });

  it('names the GitHub App settings that are missing', async () => {
    await open({ AUTODEVOPS_GITHUB_APP_ID: '4242' });
    const view = await world.run([pullRequest()]);
    expect(stepOf(view, 'pr').error).toContain('AUTODEVOPS_GITHUB_APP_PRIVATE_KEY (or AUTODEVOPS_GITHUB_APP_PRIVATE_KEY_FILE) and AUTODEVOPS_GITHUB_APP_INSTALLATION_ID are missing');
  });
});

describe('autodevops/post-review on GitHub', () => {
  it('posts findings in the diff as line comments and the others in the review body', async () => {
    await open();
    const view = await world.run([pullRequest(), postReview()], { GITHUB_TOKEN: mock.token });
    expect(view.conclusion).toBe('success');
    expect(stepOf(view, 'review').outputs).toMatchObject({ 'line-comments': '1', 'summary-findings': '1', fallback: 'false', url: expect.stringContaining('pullrequestreview') });
    const [review] = mock.reviews(repo, 1);
    expect(review!.commitSha).toBe(stepOf(view, 'pr').outputs['sha']);
    expect(review!.comments).toEqual([{ path: 'src/app.txt', line: 3, side: 'RIGHT', body: '**major**: Line three is new and untested.\n\nSuggestion: Add a test.' }]);
    expect(review!.body).toContain('Two findings.');
    expect(review!.body).toContain('`README.md:1` **minor**: The README does not mention the change. Suggestion: Describe it.');
  });

  it('falls back to one summary when the forge refuses the line comments', async () => {
    await open();
    mock.script('pulls/create-review', (request) => ((request.body as { comments?: unknown[] }).comments?.length ? { status: 422, body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } } : undefined));
    const view = await world.run([pullRequest(), postReview({ base: '' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(view, 'review').outputs).toMatchObject({ 'line-comments': '0', 'summary-findings': '2', fallback: 'true' });
    const [review] = mock.reviews(repo, 1);
    expect(review!.comments).toEqual([]);
    expect(review!.body).toContain('`src/app.txt:3`');
    expect(await world.harness.logs(view.id)).toContain('the forge refused the line comments');
  });

  it('posts nothing for no findings and no summary, and rejects findings that are not the review output', async () => {
    await open();
    const empty = await world.run([pullRequest(), postReview({ findings: '[]', summary: '' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(empty, 'review').outputs).toMatchObject({ url: '', 'line-comments': '0' });
    expect(mock.reviews(repo, 1)).toEqual([]);
    const bad = await world.run([pullRequest(), postReview({ findings: '{"file":1}' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(bad, 'review').error).toContain('input `findings` is not a list of findings');
    const notJson = await world.run([pullRequest(), postReview({ findings: 'oops' })], { GITHUB_TOKEN: mock.token });
    expect(stepOf(notJson, 'review').error).toContain('input `findings` is not JSON');
  });

  it('reports a pull request that does not exist', async () => {
    await open();
    const view = await world.run([{ ...postReview({ number: '99' }), id: 'review' }], { GITHUB_TOKEN: mock.token });
    expect(stepOf(view, 'review').error).toMatch(/^ADO_FORGE_NOT_FOUND/);
  });
});
