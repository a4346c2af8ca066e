// GitLab-only behaviour of the forge, beyond the conformance suite (see gitlab-forge.test.ts).
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabForge, type GitLabUnderTest } from '../../../test/support/gitlab-mock/gitlab-forges.ts';
import { expectForgeError } from '../forge-conformance/fixtures.ts';
import { createGitLabForge, permissionOfLevel } from './gitlab-forge.ts';

const repo = { owner: 'group/sub', name: 'app' };

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const sha = 'd'.repeat(40);
let current: GitLabUnderTest | undefined;

async function open(options: Parameters<typeof startGitLabForge>[0] = {}): Promise<GitLabUnderTest> {
  current = await startGitLabForge(options);
  current.mock.createRepo(repo, { branches: ['feature', 'other'] });
  return current;
}

afterEach(async () => {
  const violations = current?.mock.violations() ?? [];
  await current?.cleanup();
  current = undefined;
  expect(violations).toEqual([]);
});

describe('merge requests on GitLab', () => {
  it('updates the winner when another process opened the merge request first (409)', async () => {
    const { forge, mock } = await open();
    let lists = 0;
    mock.script('listMergeRequests', () => {
      if (lists++ > 0) return undefined;
      mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 'theirs', body: '' });
      return { status: 200, body: [] };
    });
    expect(await forge.openOrUpdatePullRequest({ repo, head: 'feature', base: 'main', title: 'ours', body: 'b' })).toMatchObject({ number: 1, created: false });
    expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ title: 'ours', body: 'b' })]);
    expect(mock.requests().map((r) => `${r.route}:${r.status}`)).toEqual(['listMergeRequests:200', 'createMergeRequest:409', 'listMergeRequests:200', 'updateMergeRequest:200']);
  });

  it('keeps a draft a draft when updating it, and prefers the one into the same target', async () => {
    const { forge, mock } = await open();
    await forge.openOrUpdatePullRequest({ repo, head: 'feature', base: 'main', title: 'WIP', body: '', draft: true });
    await forge.openOrUpdatePullRequest({ repo, head: 'feature', base: 'main', title: 'Ready?', body: 'b' });
    expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ title: 'Ready?', draft: true })]);
    expect(mock.requests().find((r) => r.route === 'updateMergeRequest')?.body).toMatchObject({ title: 'Draft: Ready?' });
  });

  it('accepts owner:branch for the project itself and refuses a fork', async () => {
    const { forge, mock, secrets } = await open();
    expect((await forge.openOrUpdatePullRequest({ repo, head: 'group/sub:feature', base: 'main', title: 't', body: '' })).created).toBe(true);
    const error = await expectForgeError(forge.openOrUpdatePullRequest({ repo, head: 'someone:feature', base: 'main', title: 't', body: '' }), 'ADO_FORGE_REFUSED', secrets);
    expect(error.message).toContain('forks are not supported');
    expect(mock.pullRequests(repo)).toHaveLength(1);
  });

  it('refuses a merge request between a branch and itself', async () => {
    const { forge, secrets } = await open();
    const error = await expectForgeError(forge.openOrUpdatePullRequest({ repo, head: 'main', base: 'main', title: 't', body: '' }), 'ADO_FORGE_REFUSED', secrets);
    expect(error.message).toContain("GitLab answered 409 You can't use same project/branch for source and target");
  });
});

const diff = '@@ -1,3 +1,4 @@\n one\n-two\n+TWO\n three\n+four\n';

describe('review threads on GitLab', () => {
  it('places each comment with the line numbers GitLab wants and the merge request\'s base and start', async () => {
    const { forge, mock } = await open();
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    mock.setDiff(repo, number, [{ oldPath: 'src/old.txt', newPath: 'src/new.txt', diff }]);
    const posted = await forge.reviewComments({ repo, number, commitSha: sha, comments: [
      { path: 'src/new.txt', line: 2, body: 'added' },
      { path: 'src/new.txt', line: 3, body: 'unchanged' },
      { path: 'src/new.txt', line: 2, body: 'removed', side: 'LEFT' },
    ] });
    expect(posted?.url).toMatch(new RegExp(`/group/sub/app/-/merge_requests/${number}#note_\\d+$`));
    const positions = mock.threads(repo, number).map((t) => t.position);
    expect(positions[0]).toEqual({ position_type: 'text', base_sha: 'a'.repeat(40), start_sha: 'c'.repeat(40), head_sha: sha, old_path: 'src/old.txt', new_path: 'src/new.txt', new_line: '2' });
    expect(positions.map((p) => [p?.['old_line'], p?.['new_line']])).toEqual([[undefined, '2'], ['3', '3'], ['2', undefined]]);
  });

  it('refuses a review with a line the diff does not show, before posting anything', async () => {
    const { forge, mock, secrets } = await open();
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    mock.setDiff(repo, number, [{ oldPath: 'a.txt', newPath: 'a.txt', diff }]);
    const comments = [{ path: 'a.txt', line: 2, body: 'fine' }, { path: 'a.txt', line: 40, body: 'not in the diff' }];
    const error = await expectForgeError(forge.reviewComments({ repo, number, commitSha: sha, comments, body: 'summary' }), 'ADO_FORGE_REFUSED', secrets);
    expect(error.message).toContain('a.txt:40 (RIGHT)');
    await expectForgeError(forge.reviewComments({ repo, number, commitSha: sha, comments: [{ path: 'b.txt', line: 1, body: 'x' }] }), 'ADO_FORGE_REFUSED', secrets);
    expect(mock.threads(repo, number)).toEqual([]);
  });

  it('reports a position GitLab cannot place as refused', async () => {
    const { forge, mock, secrets } = await open();
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    mock.script('createMergeRequestThread', () => ({ status: 400, body: { message: '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}' } }));
    const error = await expectForgeError(forge.reviewComments({ repo, number, commitSha: sha, comments: [{ path: 'a.txt', line: 9, body: 'x' }] }), 'ADO_FORGE_REFUSED', secrets);
    expect(error.message).toContain('line_code');
  });

  it('posts a body-only review as one overview thread', async () => {
    const { forge, mock } = await open();
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    await forge.reviewComments({ repo, number, commitSha: sha, comments: [], body: 'Looks good' });
    expect(mock.reviews(repo, number)).toEqual([{ commitSha: '', body: 'Looks good', comments: [] }]);
    expect(mock.requests().some((r) => r.route === 'listMergeRequestDiffs')).toBe(false);
  });
});

describe('commit statuses on GitLab', () => {
  const status = { repo, sha, context: 'autodevops/ci', description: 'Run 42 is running', targetUrl: 'http://127.0.0.1:7400/runs/42' };

  it('reports a run as running, and repeating a state is not an error', async () => {
    const { forge, mock } = await open();
    await forge.setStatus({ ...status, state: 'pending' });
    await forge.setStatus({ ...status, state: 'pending', description: 'still running' });
    expect(mock.requests().filter((r) => r.route === 'setCommitStatus').map((r) => [(r.body as { state: string }).state, r.status])).toEqual([['running', 201], ['running', 400]]);
    expect(mock.statuses(repo, sha)).toEqual([expect.objectContaining({ state: 'pending', description: 'Run 42 is running' })]);
  });

  it('passes on other refusals', async () => {
    const { forge, mock, secrets } = await open();
    mock.script('setCommitStatus', () => ({ status: 400, body: { message: 'Cannot transition status via :run from :success' } }));
    await expectForgeError(forge.setStatus({ ...status, state: 'pending' }), 'ADO_FORGE_REFUSED', secrets);
  });
});

describe('issues and people on GitLab', () => {
  it('comments on the issue of a number before the merge request of the same number', async () => {
    const { forge, mock } = await open();
    const issue = mock.createIssue(repo, { title: 'i', body: '', author: 'alice' });
    const mr = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 'p', body: '' });
    expect(issue).toBe(mr);
    const posted = await forge.comment({ repo, number: 1, body: 'hello' });
    expect(posted.url).toMatch(/\/group\/sub\/app\/-\/issues\/1#note_\d+$/);
    expect(mock.mergeRequestNotes(repo, 1)).toEqual([]);
  });

  it('reads labels given as objects, and an issue without author', async () => {
    const { forge, mock } = await open();
    mock.script('getIssue', () => ({ status: 200, body: { iid: 5, title: 'Old', description: null, state: 'closed', labels: ['plain', { name: 'object' }], author: null, web_url: 'http://x/5' } }));
    expect(await forge.getIssue({ repo, number: 5 })).toEqual({ title: 'Old', body: '', labels: ['plain', 'object'], author: 'ghost', state: 'closed', url: 'http://x/5' });
  });

  it("maps GitLab's access levels, matching the username exactly", async () => {
    const { forge, mock } = await open();
    mock.script('listAllMembers', () => ({ status: 200, body: [{ id: 1, username: 'devops', access_level: 50 }, { id: 2, username: 'Dev', access_level: 40 }] }));
    expect(await forge.permissionOf({ repo, user: 'dev' })).toBe('write');
    expect([50, 40, 30, 20, 15, 10, 5, 0].map(permissionOfLevel)).toEqual(['admin', 'write', 'write', 'read', 'read', 'read', 'none', 'none']);
  });

  it('reports a refusal of permission as ADO_FORGE_AUTH with GitLab\'s message', async () => {
    const { forge, mock, secrets } = await open();
    mock.script('createIssueNote', () => ({ status: 403, body: { message: '403 Forbidden' } }));
    const error = await expectForgeError(forge.comment({ repo, number: 1, body: 'x' }), 'ADO_FORGE_AUTH', secrets);
    expect(error.message).toContain('403 403 Forbidden while commenting on group/sub/app#1');
  });
});

describe('failures on the way to GitLab', () => {
  it('retries server errors, then succeeds', async () => {
    const { forge, mock } = await open();
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    let failures = 2;
    mock.script('getIssue', () => (failures-- > 0 ? { status: 502, text: 'Bad Gateway' } : undefined));
    expect((await forge.getIssue({ repo, number })).title).toBe('t');
    expect(mock.requests().map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('reports a server that keeps failing as refused after the retries', async () => {
    const { forge, mock, secrets } = await open();
    mock.script('getIssue', () => ({ status: 500, body: { message: '500 Internal Server Error' } }));
    const error = await expectForgeError(forge.getIssue({ repo, number: 1 }), 'ADO_FORGE_REFUSED', secrets);
    expect(error.message).toContain('kept failing');
    expect(mock.requests()).toHaveLength(4);
  });

  it('reports an instance it cannot reach, naming the setting to check', async () => {
    const port = await closedPort();
    const forge = createGitLabForge({ token: 'glpat-unreachable000000000000', url: `http://127.0.0.1:${port}/api/v4` });
    const error = await expectForgeError(forge.getIssue({ repo, number: 1 }), 'ADO_FORGE_REFUSED', ['glpat-unreachable000000000000']);
    expect(error.message).toMatch(/GitLab could not be reached while reading issue group\/sub\/app#1: fetch failed \(ECONNREFUSED\)/);
    expect((error as unknown as { hint: string }).hint).toContain('GITLAB_URL');
  });

  it('names the missing token', () => {
    expect(() => createGitLabForge({ token: ' ' })).toThrow(expect.objectContaining({ code: 'ADO_FORGE_AUTH', message: expect.stringContaining('no GitLab token') }));
  });
});
