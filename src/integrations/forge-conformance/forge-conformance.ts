/**
 * The forge conformance suite: specs for each method of the Forge port, including the bad inputs
 * every forge must turn into a clear error (missing or expired credentials, a repository that does
 * not exist, a protected branch, a pull request that already exists, rate limits). Run against
 * every implementation with that forge's local mock; a spec fails when the mock saw any request
 * that breaks the forge's API description.
 *
 * @example
 * forgeConformance('github (token)', async (options) => {
 *   const mock = await startGitHubMock();
 *   const forge = createGitHubForge({ baseUrl: mock.url, auth: { kind: 'token', token: options?.credentials === 'missing' ? '' : mock.token }, timing: fast });
 *   return { forge, mock, secrets: [mock.token], cleanup: () => mock.close() };
 * });
 */
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { describeComment, describeReviewComments } from './comment-specs.ts';
import { describeCredentials, describeRateLimits } from './failure-specs.ts';
import { repo, type ForgeUnderTest, type MakeForge } from './fixtures.ts';
import { describeGetIssue, describeLabels, describePermissionOf } from './issue-specs.ts';
import { describeOpenOrUpdatePullRequest } from './pull-request-specs.ts';
import { describeSetStatus } from './status-specs.ts';

export type { ForgeUnderTest, MakeForge, MakeForgeOptions } from './fixtures.ts';
export type { ForgeMock } from './forge-mock.ts';

/** Registers the conformance specs for one forge; `makeForge` is called once per spec. */
export function forgeConformance(name: string, makeForge: MakeForge): void {
  describe(`Forge conformance: ${name}`, () => {
    let current: ForgeUnderTest | undefined;
    const use = (): ForgeUnderTest => current!;
    beforeEach(async () => {
      current = await makeForge();
      current.mock.createRepo(repo, { branches: ['ado/fix-1', 'ado/fix-2', 'release'] });
    });
    afterEach(async () => {
      const { mock, cleanup } = use();
      current = undefined;
      const violations = mock.violations();
      await cleanup();
      expect(violations, 'requests that break the forge API description').toEqual([]);
    });
    describeOpenOrUpdatePullRequest(use);
    describeComment(use);
    describeReviewComments(use);
    describeSetStatus(use);
    describeGetIssue(use);
    describeLabels(use);
    describePermissionOf(use);
    describeCredentials(use, makeForge);
    describeRateLimits(use);
  });
}
