/** A GitLab forge wired to a fresh mock, for the conformance suite and GitLab-only tests. */
import type { Forge } from '../../../src/engine/ports/forge.ts';
import type { ForgeUnderTest } from '../../../src/integrations/forge-conformance/forge-conformance.ts';
import type { GitLabClientOptions } from '../../../src/integrations/gitlab/client.ts';
import { createGitLabForge } from '../../../src/integrations/gitlab/gitlab-forge.ts';
import type { GitLabTiming } from '../../../src/integrations/gitlab/requester.ts';
import { startGitLabMock, type GitLabMock, type GitLabMockOptions } from './gitlab-mock.ts';

/** Test-sized waits: a retry "second" is 2 ms. */
export const fastTiming: GitLabTiming = { retryBaseMs: 2, rateLimitRetries: 3, serverErrorRetries: 3 };

/** A forge under test with the GitLab mock's own type. */
export type GitLabUnderTest = ForgeUnderTest & { mock: GitLabMock; forge: Forge };

/** What to vary in a test forge. */
export interface TestGitLabOptions {
  credentials?: 'valid' | 'missing';
  mock?: GitLabMockOptions;
  client?: Partial<GitLabClientOptions>;
}

/** A forge authenticated with the mock's token. */
export async function startGitLabForge(options: TestGitLabOptions = {}): Promise<GitLabUnderTest> {
  const mock = await startGitLabMock(options.mock);
  try {
    const forge = createGitLabForge({ url: mock.url, token: options.credentials === 'missing' ? '' : mock.token, timing: fastTiming, ...options.client });
    return { forge, mock, secrets: [mock.token], cleanup: () => mock.close() };
  } catch (error) {
    await mock.close();
    throw error;
  }
}
