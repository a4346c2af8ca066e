// autodevops/issue-comment end to end through the engine against the GitHub mock (every request
// checked against GitHub's OpenAPI description): the comment lands on the issue, masked; missing
// credentials and bad inputs are clear failures that post nothing.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastTiming } from '../../../test/support/github-mock/github-forges.ts';
import { startGitHubMock, type GitHubMock } from '../../../test/support/github-mock/github-mock.ts';
import { isolateGitConfig, makeRepo } from '../../ai/git/testing/git-fixtures.ts';
import { createForgeConnector } from '../../app/forges.ts';
import { openForgeWorld, type ForgeWorld } from './testing/forge-world.ts';

const repo = { owner: 'octo-org', name: 'web-app' };
let world: ForgeWorld;
let mock: GitHubMock;
let issue: number;

beforeAll(() => void isolateGitConfig());
beforeEach(async () => {
  mock = await startGitHubMock();
  mock.createRepo(repo);
  issue = mock.createIssue(repo, { title: 'Add dark mode', body: 'Please', author: 'octocat' });
  world = await openForgeWorld(createForgeConnector({ env: { GITHUB_API_URL: mock.url }, timing: { github: fastTiming } }), makeRepo());
});
afterEach(async () => {
  const violations = mock.violations();
  await world.close();
  await mock.close();
  expect(violations).toEqual([]);
});

const comment = (body: string, extra: Record<string, unknown> = {}) => ({ id: 'c', uses: 'autodevops/issue-comment@v1', with: { body, issue, repository: 'octo-org/web-app', ...extra } });

describe('autodevops/issue-comment', () => {
  it('posts the comment on the issue with secrets masked, outputs its url, and announces the forge call for traces', async () => {
    const calls: Array<{ name: string; input: string; output?: string }> = [];
    world.harness.engine.on((e) => void (e.kind === 'tool-call' && calls.push(e.call)));
    const view = await world.run([comment('Working on it; the key is ${{ secrets.API_KEY }}')], { GITHUB_TOKEN: mock.token, API_KEY: 'k-123456' });
    expect(calls.map((c) => c.name)).toEqual(['forge.comment']);
    expect(calls[0]!.input).toContain('Working on it; the key is ***');
    expect(JSON.stringify(calls)).not.toContain('k-123456');
    expect(view.conclusion).toBe('success');
    expect(view.jobs[0]!.steps[0]!.outputs.url).toMatch(/^http/);
    expect(mock.comments(repo, issue)).toEqual(['Working on it; the key is ***']);
    expect(await world.traces(view)).not.toContain(mock.token);
  });

  it('fails clearly, posting nothing, without credentials or with bad inputs', async () => {
    const noToken = await world.run([comment('hello')]);
    expect(noToken.jobs[0]!.steps[0]).toMatchObject({ conclusion: 'failure', outputs: { 'error-code': 'ADO_FORGE_AUTH' } });
    const noIssue = await world.run([{ uses: 'autodevops/issue-comment@v1', with: { body: 'x', repository: 'octo-org/web-app' } }], { GITHUB_TOKEN: mock.token });
    expect(noIssue.jobs[0]!.steps[0]!.error).toMatch(/issue.*not triggered by an issue/);
    const badRepo = await world.run([comment('x', { repository: 'web-app' })], { GITHUB_TOKEN: mock.token });
    expect(badRepo.jobs[0]!.steps[0]!.error).toMatch(/owner\/name/);
    expect(mock.comments(repo, issue)).toEqual([]);
  });
});
