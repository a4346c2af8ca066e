// GitHub-only behaviour of the forge, beyond the conformance suite (see github-forge.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { startTokenForge, type GitHubUnderTest } from '../../../test/support/github-mock/github-forges.ts';
import { withSample } from '../../../test/support/github-mock/sample.ts';
import { expectForgeError } from '../forge-conformance/fixtures.ts';

const repo = { owner: 'octo', name: 'app' };
let current: GitHubUnderTest | undefined;

async function open(): Promise<GitHubUnderTest> {
  current = await startTokenForge();
  current.mock.createRepo(repo, { branches: ['feature'] });
  return current;
}

afterEach(async () => {
  const violations = current?.mock.violations() ?? [];
  await current?.cleanup();
  current = undefined;
  expect(violations).toEqual([]);
});

describe('openOrUpdatePullRequest on GitHub', () => {
  it('updates the winner when another process opened the pull request first', async () => {
    const { forge, mock } = await open();
    let lists = 0;
    // The first look finds nothing; meanwhile someone else opens the pull request.
    mock.script('pulls/list', () => {
      if (lists++ > 0) return undefined;
      mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 'theirs', body: '' });
      return { status: 200, body: [] };
    });
    const pr = await forge.openOrUpdatePullRequest({ repo, head: 'feature', base: 'main', title: 'ours', body: 'b' });
    expect(pr).toMatchObject({ number: 1, created: false });
    expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ title: 'ours' })]);
  });

  it('accepts a head written as owner:branch', async () => {
    const { forge, mock } = await open();
    await forge.openOrUpdatePullRequest({ repo, head: 'octo:feature', base: 'main', title: 't', body: 'b' });
    const again = await forge.openOrUpdatePullRequest({ repo, head: 'octo:feature', base: 'main', title: 't2', body: 'b' });
    expect(again.created).toBe(false);
    expect(mock.pullRequests(repo)).toHaveLength(1);
  });
});

describe('reading from GitHub', () => {
  it("maps GitHub's finer roles onto admin / write / read", async () => {
    const { forge, mock } = await open();
    const roles: Record<string, [string, string]> = { m: ['write', 'maintain'], t: ['read', 'triage'], c: ['write', 'custom-deployer'], x: ['none', 'mystery'] };
    mock.script('repos/get-collaborator-permission-level', (request) => {
      const [permission, role] = roles[request.pathParams['username'] ?? ''] ?? ['none', 'none'];
      return { status: 200, body: withSample('repository-collaborator-permission', { permission, role_name: role, user: withSample('collaborator', { login: 'u' }) }) };
    });
    const levels = await Promise.all(['m', 't', 'c', 'x'].map((user) => forge.permissionOf({ repo, user })));
    expect(levels).toEqual(['write', 'read', 'write', 'none']);
  });

  it('reads labels GitHub sends as plain names, and an issue without author', async () => {
    const { forge, mock } = await open();
    mock.script('issues/get', () => ({ status: 200, body: withSample('issue', { number: 5, title: 'Old', state: 'closed', labels: ['plain', { name: 'object' }, { id: 3 }], user: null, body: null }) }));
    expect(await forge.getIssue({ repo, number: 5 })).toMatchObject({ labels: ['plain', 'object'], author: 'ghost', state: 'closed', body: '' });
  });

  it('reports a refusal of permission as ADO_FORGE_AUTH', async () => {
    const { forge, mock, secrets } = await open();
    mock.script('issues/create-comment', () => ({ status: 403, body: { message: 'Resource not accessible by personal access token' } }));
    const error = await expectForgeError(forge.comment({ repo, number: 1, body: 'x' }), 'ADO_FORGE_AUTH', secrets);
    expect(error.message).toContain('Resource not accessible by personal access token');
  });
});

describe('reviewComments on GitHub', () => {
  it('posts a review with a body and no line comments', async () => {
    const { forge, mock } = await open();
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    expect(await forge.reviewComments({ repo, number, commitSha: 'a'.repeat(40), comments: [], body: 'Looks good' })).toMatchObject({ url: expect.stringContaining('pullrequestreview') });
    expect(mock.reviews(repo, number)).toEqual([{ commitSha: 'a'.repeat(40), body: 'Looks good', comments: [] }]);
  });

  it('refuses a comment on a line GitHub cannot place', async () => {
    const { forge, mock, secrets } = await open();
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    await expectForgeError(forge.reviewComments({ repo, number, commitSha: 'a'.repeat(40), comments: [{ path: 'a.ts', line: 0, body: 'x' }] }), 'ADO_FORGE_REFUSED', secrets);
  });
});
