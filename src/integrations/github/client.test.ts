import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAppForge, startTokenForge, testApp, type GitHubUnderTest } from '../../../test/support/github-mock/github-forges.ts';
import { expectForgeError } from '../forge-conformance/fixtures.ts';
import { createGitHubClient } from './client.ts';

const repo = { owner: 'octo', name: 'app' };
let current: GitHubUnderTest | undefined;

async function open(make: () => Promise<GitHubUnderTest>): Promise<GitHubUnderTest> {
  current = await make();
  current.mock.createRepo(repo);
  return current;
}

afterEach(async () => {
  vi.useRealTimers();
  const violations = current?.mock.violations() ?? [];
  await current?.cleanup();
  current = undefined;
  expect(violations).toEqual([]);
});

describe('GitHub App authentication', () => {
  it('buys one installation token with a signed JWT and reuses it', async () => {
    const { forge, mock } = await open(() => startAppForge());
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    await forge.getIssue({ repo, number });
    await forge.comment({ repo, number, body: 'one' });
    await forge.comment({ repo, number, body: 'two' });
    expect(mock.auth.issuedTokens).toBe(1);
    expect(mock.requests().filter((r) => r.operationId === 'apps/create-installation-access-token')).toHaveLength(1);
  });

  it('buys a new token when the cached one has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { forge, mock } = await open(() => startAppForge());
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    await forge.getIssue({ repo, number });
    vi.setSystemTime(Date.now() + 61 * 60 * 1000);
    await forge.getIssue({ repo, number });
    expect(mock.auth.issuedTokens).toBe(2);
  });

  it('reports a private key that cannot sign as ADO_FORGE_AUTH, without the key', async () => {
    const bad = '-----BEGIN RSA PRIVATE KEY-----\nnot-a-key-but-a-secret-text\n-----END RSA PRIVATE KEY-----\n';
    const { forge, mock } = await open(() => startAppForge({ client: { auth: { kind: 'app', appId: testApp.appId, privateKey: bad, installationId: testApp.installationId } } }));
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    const error = await expectForgeError(forge.getIssue({ repo, number }), 'ADO_FORGE_AUTH', [bad, 'not-a-key-but-a-secret-text']);
    expect(error.message).toContain(`reading issue octo/app#${number}`);
  });

  it('reports an installation the app does not have as not found', async () => {
    const { forge, mock } = await open(() => startAppForge({ client: { auth: { kind: 'app', appId: testApp.appId, privateKey: testApp.privateKey, installationId: 999 } } }));
    await expectForgeError(forge.getIssue({ repo, number: 1 }), 'ADO_FORGE_NOT_FOUND', [testApp.privateKey]);
    expect(mock.auth.issuedTokens).toBe(0);
  });
});

describe('missing credentials', () => {
  it('names the missing token', () => {
    expect(() => createGitHubClient({ auth: { kind: 'token', token: ' ' } })).toThrow(expect.objectContaining({ code: 'ADO_FORGE_AUTH', message: expect.stringContaining('no GitHub token') }));
  });

  it('names every missing GitHub App setting', () => {
    expect(() => createGitHubClient({ auth: { kind: 'app', appId: '', privateKey: '', installationId: 0 } }))
      .toThrow(expect.objectContaining({ code: 'ADO_FORGE_AUTH', message: expect.stringContaining('appId, privateKey, installationId') }));
  });

  it('accepts complete settings and says how it authenticates', () => {
    expect(createGitHubClient({ auth: { kind: 'app', appId: '12', privateKey: 'pem', installationId: 3 } })).toMatchObject({ auth: 'app', appId: 12, secrets: ['pem'] });
    expect(createGitHubClient({ auth: { kind: 'token', token: 'tok' } })).toMatchObject({ auth: 'token', secrets: ['tok'] });
  });
});

describe('base URL', () => {
  it('talks to a GitHub Enterprise Server style API root', async () => {
    const { forge, mock } = await open(() => startTokenForge({ mock: { prefix: '/api/v3' } }));
    expect(mock.url).toMatch(/\/api\/v3$/);
    const number = mock.createIssue(repo, { title: 'On GHES', body: '', author: 'alice' });
    expect((await forge.getIssue({ repo, number })).title).toBe('On GHES');
  });

  it('authenticates a GitHub App against such a root too', async () => {
    const { forge, mock } = await open(() => startAppForge({ mock: { prefix: '/api/v3' } }));
    const number = mock.createIssue(repo, { title: 'App on GHES', body: '', author: 'alice' });
    expect((await forge.getIssue({ repo, number })).title).toBe('App on GHES');
    expect(mock.auth.issuedTokens).toBe(1);
  });
});

describe('rate limits and retries', () => {
  it('waits out a secondary rate limit as retry-after asks, then succeeds', async () => {
    const { forge, mock } = await open(() => startTokenForge());
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    mock.secondaryRateLimit({ requests: 1, retryAfterSeconds: 2 });
    await forge.comment({ repo, number, body: 'after the wait' });
    expect(mock.comments(repo, number)).toEqual(['after the wait']);
    expect(mock.rateLimitedCount()).toBe(1);
  });

  it('gives up on a long secondary limit with the time to retry', async () => {
    const { forge, mock, secrets } = await open(() => startTokenForge());
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    mock.secondaryRateLimit({ requests: 5, retryAfterSeconds: 600 });
    const before = Date.now();
    const error = await expectForgeError(forge.comment({ repo, number, body: 'x' }), 'ADO_FORGE_RATE_LIMITED', secrets);
    const reset = Date.parse(/resets at (\S+)\./.exec(error.message)?.[1] ?? '');
    expect(reset - before).toBeGreaterThanOrEqual(599_000);
    expect(reset - before).toBeLessThan(610_000);
  });

  it('leaves a 429 to the rate-limit handling instead of retrying it blindly', async () => {
    const { forge, mock, secrets } = await open(() => startTokenForge());
    mock.script('issues/get', () => ({ status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '900' } }));
    const error = await expectForgeError(forge.getIssue({ repo, number: 1 }), 'ADO_FORGE_RATE_LIMITED', secrets);
    expect(error.message).toContain('429 Too many requests');
    expect(mock.requests().filter((r) => r.operationId === 'issues/get')).toHaveLength(1);
  });

  it('retries server errors, then succeeds', async () => {
    const { forge, mock } = await open(() => startTokenForge());
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    let failures = 2;
    mock.script('issues/get', () => (failures-- > 0 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined));
    expect((await forge.getIssue({ repo, number })).title).toBe('t');
    expect(mock.requests().filter((r) => r.operationId === 'issues/get').map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('reports a server that keeps failing as ADO_FORGE_REFUSED after the retries', async () => {
    const { forge, mock, secrets } = await open(() => startTokenForge());
    mock.script('issues/get', () => ({ status: 500, body: { message: 'Server Error' } }));
    const error = await expectForgeError(forge.getIssue({ repo, number: 1 }), 'ADO_FORGE_REFUSED', secrets);
    expect(error.message).toContain('kept failing');
    expect(mock.requests().filter((r) => r.operationId === 'issues/get')).toHaveLength(4);
  });

  it("spaces writes by GitHub's recommendation when no timing is given", async () => {
    const { forge, mock } = await open(() => startTokenForge({ client: { timing: { retryBaseMs: 2 } } }));
    const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
    await forge.addLabels({ repo, number, labels: ['a'] });
    expect(mock.labels(repo, number)).toEqual(['a']);
  });
});
