/** Conformance specs for `comment` and `reviewComments`. */
import { describe, expect, it } from 'vitest';
import { expectForgeError, missingRepo, repo, sha, type UseForge } from './fixtures.ts';

/** Registers the `comment` specs. */
export function describeComment(use: UseForge): void {
  describe('comment', () => {
    it('adds a comment to an issue and says where it is', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 'Crash on save', body: '', author: 'alice' });
      const posted = await forge.comment({ repo, number, body: 'Working on it: run 42' });
      await forge.comment({ repo, number, body: 'Done ✓' });
      expect(posted.url).toMatch(/^https?:\/\/.+/);
      expect(mock.comments(repo, number)).toEqual(['Working on it: run 42', 'Done ✓']);
    });

    it('adds a comment to a pull request', async () => {
      const { forge, mock } = use();
      const number = mock.createPullRequest(repo, { head: 'ado/fix-1', base: 'main', title: 'Fix', body: '' });
      await forge.comment({ repo, number, body: 'Tests passed' });
      expect(mock.comments(repo, number)).toEqual(['Tests passed']);
    });

    it('reports an issue that does not exist as not found', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.comment({ repo, number: 999, body: 'x' }), 'ADO_FORGE_NOT_FOUND', secrets);
      await expectForgeError(forge.comment({ repo: missingRepo, number: 1, body: 'x' }), 'ADO_FORGE_NOT_FOUND', secrets);
    });
  });
}

/** Registers the `reviewComments` specs. */
export function describeReviewComments(use: UseForge): void {
  describe('reviewComments', () => {
    it('posts one review holding every line comment, on the given commit', async () => {
      const { forge, mock } = use();
      const number = mock.createPullRequest(repo, { head: 'ado/fix-1', base: 'main', title: 'Fix', body: '' });
      const posted = await forge.reviewComments({
        repo, number, commitSha: sha, comments: [
          { path: 'src/login.ts', line: 12, body: 'This can be null.' },
          { path: 'src/old.ts', line: 3, body: 'Removed on purpose?', side: 'LEFT' },
        ],
      });
      expect(posted?.url).toMatch(/^https?:\/\/.+/);
      expect(mock.reviews(repo, number)).toEqual([expect.objectContaining({
        commitSha: sha,
        comments: [
          { path: 'src/login.ts', line: 12, body: 'This can be null.', side: 'RIGHT' },
          { path: 'src/old.ts', line: 3, body: 'Removed on purpose?', side: 'LEFT' },
        ],
      })]);
    });

    it('carries a summary body with the review', async () => {
      const { forge, mock } = use();
      const number = mock.createPullRequest(repo, { head: 'ado/fix-1', base: 'main', title: 'Fix', body: '' });
      await forge.reviewComments({ repo, number, commitSha: sha, body: '2 findings', comments: [{ path: 'a.ts', line: 1, body: 'x' }] });
      expect(mock.reviews(repo, number)[0]?.body).toBe('2 findings');
    });

    it('posts nothing when there is nothing to say', async () => {
      const { forge, mock } = use();
      const number = mock.createPullRequest(repo, { head: 'ado/fix-1', base: 'main', title: 'Fix', body: '' });
      expect(await forge.reviewComments({ repo, number, commitSha: sha, comments: [] })).toBeUndefined();
      expect(mock.reviews(repo, number)).toEqual([]);
    });

    it('reports a pull request that does not exist as not found', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.reviewComments({ repo, number: 999, commitSha: sha, comments: [{ path: 'a.ts', line: 1, body: 'x' }] }), 'ADO_FORGE_NOT_FOUND', secrets);
    });
  });
}
