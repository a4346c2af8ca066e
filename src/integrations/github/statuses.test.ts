import { afterEach, describe, expect, it } from 'vitest';
import { startAppForge, startTokenForge, type GitHubUnderTest } from '../../../test/support/github-mock/github-forges.ts';

const repo = { owner: 'octo', name: 'app' };
const sha = 'f'.repeat(40);
const status = { repo, sha, context: 'autodevops', description: 'Run 7', targetUrl: 'http://127.0.0.1:7400/runs/7' };
let current: GitHubUnderTest | undefined;

async function open(make: () => Promise<GitHubUnderTest>): Promise<GitHubUnderTest> {
  current = await make();
  current.mock.createRepo(repo);
  return current;
}

afterEach(async () => {
  const violations = current?.mock.violations() ?? [];
  await current?.cleanup();
  current = undefined;
  expect(violations).toEqual([]);
});

describe('setStatus on GitHub', () => {
  it('uses commit statuses with a personal token (GitHub refuses it check runs)', async () => {
    const { forge, mock } = await open(() => startTokenForge());
    await forge.setStatus({ ...status, state: 'error' });
    expect(mock.checkRuns(repo, sha)).toEqual([]);
    expect(mock.statuses(repo, sha)).toEqual([expect.objectContaining({ state: 'error' })]);
    expect(mock.requests().map((r) => r.operationId)).toEqual(['repos/create-commit-status']);
  });

  it('uses one check run per context with app credentials, updated in place', async () => {
    const { forge, mock } = await open(() => startAppForge());
    await forge.setStatus({ ...status, state: 'pending' });
    await forge.setStatus({ ...status, state: 'success', description: 'Run 7 passed' });
    expect(mock.checkRuns(repo, sha)).toEqual([expect.objectContaining({ name: 'autodevops', status: 'completed', conclusion: 'success', title: 'Run 7 passed', detailsUrl: status.targetUrl })]);
  });

  it('starts a new check run for a pending status after a completed one', async () => {
    const { forge, mock } = await open(() => startAppForge());
    await forge.setStatus({ ...status, state: 'failure' });
    await forge.setStatus({ ...status, state: 'pending' });
    expect(mock.checkRuns(repo, sha).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'failure'], ['in_progress', null]]);
  });

  it('reports an error as a failed check titled with the reason', async () => {
    const { forge, mock } = await open(() => startAppForge());
    await forge.setStatus({ ...status, state: 'error', description: 'The runner was lost' });
    expect(mock.checkRuns(repo, sha)).toEqual([expect.objectContaining({ conclusion: 'failure', title: 'The runner was lost' })]);
  });

  it("leaves another app's check run of the same name alone", async () => {
    const { forge, mock } = await open(() => startAppForge());
    mock.state.mustRepo(repo).checkRuns.push({ id: 1, appId: 1, name: 'autodevops', headSha: sha, status: 'in_progress', conclusion: null, detailsUrl: '', title: 'other app' });
    await forge.setStatus({ ...status, state: 'success' });
    expect(mock.checkRuns(repo, sha).map((r) => [r.appId, r.conclusion])).toEqual([[1, null], [4242, 'success']]);
  });
});
