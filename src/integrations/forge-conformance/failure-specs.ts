/** Conformance specs for failures every method shares: credentials and rate limits. */
import { describe, expect, it } from 'vitest';
import { expectForgeError, repo, type ForgeUnderTest, type MakeForge, type UseForge } from './fixtures.ts';

/** Registers the credential specs; they make their own forge with missing credentials. */
export function describeCredentials(use: UseForge, make: MakeForge): void {
  describe('credentials', () => {
    it('missing credentials fail with ADO_FORGE_AUTH', async () => {
      let made: ForgeUnderTest | undefined;
      const attempt = (async (): Promise<unknown> => {
        made = await make({ credentials: 'missing' });
        made.mock.createRepo(repo);
        return made.forge.getIssue({ repo, number: 1 });
      })();
      try {
        await expectForgeError(attempt, 'ADO_FORGE_AUTH', []);
      } finally {
        await made?.cleanup();
      }
    });

    it('expired credentials fail with ADO_FORGE_AUTH, without the credential in the message', async () => {
      const { forge, mock, secrets } = use();
      const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
      mock.expireCredentials();
      const error = await expectForgeError(forge.comment({ repo, number, body: 'x' }), 'ADO_FORGE_AUTH', secrets);
      expect(error.message).toContain(`${repo.owner}/${repo.name}#${number}`);
      expect(mock.comments(repo, number)).toEqual([]);
    });
  });
}

/** Registers the rate-limit specs. */
export function describeRateLimits(use: UseForge): void {
  describe('rate limits', () => {
    it('waits for a limit that resets soon and retries', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 'Limited', body: '', author: 'alice' });
      mock.rateLimit({ requests: 1, resetAt: new Date() });
      expect((await forge.getIssue({ repo, number })).title).toBe('Limited');
      expect(mock.rateLimitedCount()).toBe(1);
    });

    it('retries a bounded number of times, then fails with ADO_FORGE_RATE_LIMITED naming the reset time', async () => {
      const { forge, mock, secrets } = use();
      const number = mock.createIssue(repo, { title: 'Limited', body: '', author: 'alice' });
      const resetAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
      mock.rateLimit({ requests: 1000, resetAt });
      const error = await expectForgeError(forge.getIssue({ repo, number }), 'ADO_FORGE_RATE_LIMITED', secrets);
      expect(error.message).toContain(resetAt.toISOString());
      expect(mock.rateLimitedCount()).toBeGreaterThan(1);
      expect(mock.rateLimitedCount()).toBeLessThan(20);
    });

    it('fails at once with the reset time when the limit resets much later', async () => {
      const { forge, mock, secrets } = use();
      const number = mock.createIssue(repo, { title: 'Limited', body: '', author: 'alice' });
      const resetAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3600_000);
      mock.rateLimit({ requests: 1000, resetAt });
      const error = await expectForgeError(forge.comment({ repo, number, body: 'x' }), 'ADO_FORGE_RATE_LIMITED', secrets);
      expect(error.message).toContain(resetAt.toISOString());
      expect(mock.rateLimitedCount()).toBe(1);
      expect(mock.comments(repo, number)).toEqual([]);
    });
  });
}
