/**
 * GitHub forges wired to a fresh mock, for the conformance suite and GitHub-only tests: one with a
 * personal token, one with a GitHub App installation (an RSA key made here, as GitHub would).
 */
import { generateKeyPairSync } from 'node:crypto';
import type { GitHubClientOptions, GitHubTiming } from '../../../src/integrations/github/client.ts';
import { createGitHubForge } from '../../../src/integrations/github/github-forge.ts';
import type { ForgeUnderTest } from '../../../src/integrations/forge-conformance/forge-conformance.ts';
import type { Forge } from '../../../src/engine/ports/forge.ts';
import { startGitHubMock, type GitHubMock, type GitHubMockOptions } from './github-mock.ts';

/** Test-sized waits: a retry "second" is 2 ms and writes are not spaced. */
export const fastTiming: GitHubTiming = { retryBaseMs: 2, writeIntervalMs: 0, notificationIntervalMs: 0, rateLimitRetries: 3 };

/** The test GitHub App: its id, installation and key pair (PKCS#1, the format GitHub hands out). */
export const testApp = { appId: 4242, installationId: 77, ...generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }) };

/** A forge under test with the GitHub mock's own type. */
export type GitHubUnderTest = ForgeUnderTest & { mock: GitHubMock; forge: Forge };

/** What to vary in a test forge. */
export interface TestForgeOptions {
  credentials?: 'valid' | 'missing';
  mock?: GitHubMockOptions;
  client?: Partial<GitHubClientOptions>;
}

async function withMock(options: TestForgeOptions, build: (mock: GitHubMock) => GitHubUnderTest): Promise<GitHubUnderTest> {
  const mock = await startGitHubMock(options.mock);
  try {
    return build(mock);
  } catch (error) {
    await mock.close();
    throw error;
  }
}

/** A forge authenticated with a personal token. */
export function startTokenForge(options: TestForgeOptions = {}): Promise<GitHubUnderTest> {
  return withMock(options, (mock) => ({
    forge: createGitHubForge({ baseUrl: mock.url, auth: { kind: 'token', token: options.credentials === 'missing' ? '' : mock.token }, timing: fastTiming, ...options.client }),
    mock, secrets: [mock.token], cleanup: () => mock.close(),
  }));
}

/** A forge authenticated as the test GitHub App's installation. */
export function startAppForge(options: TestForgeOptions = {}): Promise<GitHubUnderTest> {
  return withMock(options, (mock) => {
    mock.registerApp({ appId: testApp.appId, publicKey: testApp.publicKey, installationId: testApp.installationId });
    const privateKey = options.credentials === 'missing' ? '' : testApp.privateKey;
    return {
      forge: createGitHubForge({ baseUrl: mock.url, auth: { kind: 'app', appId: testApp.appId, privateKey, installationId: testApp.installationId }, timing: fastTiming, ...options.client }),
      mock, secrets: [testApp.privateKey], cleanup: () => mock.close(),
    };
  });
}
