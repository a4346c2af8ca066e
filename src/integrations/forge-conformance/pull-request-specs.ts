/** Conformance specs for `openOrUpdatePullRequest`. */
import { describe, expect, it } from 'vitest';
import { expectForgeError, missingRepo, repo, type UseForge } from './fixtures.ts';

const input = { repo, head: 'ado/fix-1', base: 'main', title: 'Fix the login form', body: 'Summary\n\n- tests: 12 passed' };

/** Registers the specs. */
export function describeOpenOrUpdatePullRequest(use: UseForge): void {
  describe('openOrUpdatePullRequest', () => {
    it('opens a pull request from head into base', async () => {
      const { forge, mock } = use();
      const pr = await forge.openOrUpdatePullRequest(input);
      expect(pr.created).toBe(true);
      expect(pr.url).toMatch(/^https?:\/\/.+/);
      expect(pr.url).toContain(String(pr.number));
      expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ number: pr.number, head: 'ado/fix-1', base: 'main', title: input.title, body: input.body, draft: false, state: 'open' })]);
    });

    it('opens a draft when asked', async () => {
      const { forge, mock } = use();
      await forge.openOrUpdatePullRequest({ ...input, draft: true });
      expect(mock.pullRequests(repo)[0]?.draft).toBe(true);
    });

    it('updates the open pull request of the same head instead of failing', async () => {
      const { forge, mock } = use();
      const first = await forge.openOrUpdatePullRequest(input);
      const second = await forge.openOrUpdatePullRequest({ ...input, title: 'Fix the login form (v2)', body: 'Updated summary' });
      expect(second).toEqual({ number: first.number, url: first.url, created: false });
      expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ title: 'Fix the login form (v2)', body: 'Updated summary' })]);
    });

    it('updates a pull request that someone opened outside autodevops', async () => {
      const { forge, mock } = use();
      const number = mock.createPullRequest(repo, { head: 'ado/fix-2', base: 'main', title: 'WIP', body: '' });
      const pr = await forge.openOrUpdatePullRequest({ ...input, head: 'ado/fix-2' });
      expect(pr).toMatchObject({ number, created: false });
      expect(mock.pullRequests(repo)).toHaveLength(1);
      expect(mock.pullRequests(repo)[0]).toMatchObject({ title: input.title, body: input.body });
    });

    it('moves the open pull request to a new base', async () => {
      const { forge, mock } = use();
      await forge.openOrUpdatePullRequest(input);
      await forge.openOrUpdatePullRequest({ ...input, base: 'release' });
      expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ base: 'release' })]);
    });

    it('refuses a branch that is protected', async () => {
      const { forge, mock, secrets } = use();
      mock.protectBranch(repo, 'ado/fix-1');
      const error = await expectForgeError(forge.openOrUpdatePullRequest(input), 'ADO_FORGE_REFUSED', secrets);
      expect(error.message).toContain('ado/fix-1');
      expect(mock.pullRequests(repo)).toEqual([]);
    });

    it('refuses a base branch that does not exist', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.openOrUpdatePullRequest({ ...input, base: 'no-such-branch' }), 'ADO_FORGE_REFUSED', secrets);
    });

    it('refuses to update the open pull request onto a base that does not exist', async () => {
      const { forge, secrets } = use();
      await forge.openOrUpdatePullRequest(input);
      await expectForgeError(forge.openOrUpdatePullRequest({ ...input, base: 'no-such-branch' }), 'ADO_FORGE_REFUSED', secrets);
    });

    it('reports a repository that does not exist as not found', async () => {
      const { forge, secrets } = use();
      const error = await expectForgeError(forge.openOrUpdatePullRequest({ ...input, repo: missingRepo }), 'ADO_FORGE_NOT_FOUND', secrets);
      expect(error.message).toContain(`${missingRepo.owner}/${missingRepo.name}`);
    });
  });
}
