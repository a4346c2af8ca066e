// The mock itself: requests are checked against GitHub's description, credentials as GitHub does.
import { createSign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertNullable } from './json-schema.ts';
import { testApp } from './github-forges.ts';
import { startGitHubMock, type GitHubMock } from './github-mock.ts';
import { githubSpec } from './openapi-spec.ts';

let mock: GitHubMock;
const repo = { owner: 'octo', name: 'app' };

beforeEach(async () => {
  mock = await startGitHubMock({ prefix: '/api/v3' });
  mock.createRepo(repo);
});
afterEach(() => mock.close());

async function call(method: string, path: string, body?: unknown, authorization = `token ${mock.token}`): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(mock.url + path, { method, headers: { authorization, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createSign('sha256').update(unsigned).sign(testApp.privateKey, 'base64url')}`;
}

describe('request validation against the description', () => {
  it('answers 400 and records a body that breaks the schema', async () => {
    const answer = await call('POST', '/repos/octo/app/pulls', { head: 'x', base: 'main', draft: 'yes' });
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual(['body/draft must be boolean']);
    expect(mock.violations()).toEqual([expect.stringContaining('POST /repos/octo/app/pulls (pulls/create): the request does not match')]);
  });

  it('records unknown body fields, unknown query parameters and bad path parameters', async () => {
    await call('POST', '/repos/octo/app/issues/1/comments', { body: 'x', bodyy: 'typo' });
    await call('GET', '/repos/octo/app/pulls?state=open&sort_by=x');
    await call('GET', '/repos/octo/app/issues/abc');
    expect(mock.violations().join('\n')).toMatch(/body property "bodyy"[\s\S]*query parameter "sort_by"[\s\S]*path parameter "issue_number" must be integer/);
  });

  it('records a missing required body, a body where none is taken, and text that is not JSON', async () => {
    await call('POST', '/repos/octo/app/issues/1/comments');
    await call('DELETE', '/repos/octo/app/issues/1/labels/x', { a: 1 });
    await call('POST', '/repos/octo/app/issues/1/comments', '{not json');
    expect(mock.violations().join('\n')).toMatch(/the request body is required[\s\S]*takes no request body[\s\S]*the body is not JSON/);
  });

  it('records routes GitHub does not have, and paths outside the API prefix', async () => {
    expect((await call('GET', '/no/such/route')).status).toBe(404);
    expect((await fetch(mock.url.replace('/api/v3', '') + '/repos/octo/app/issues/1')).status).toBe(404);
    expect(mock.violations()).toHaveLength(2);
  });

  it('records a scripted response that breaks the description, and operations without a default', async () => {
    mock.script('issues/get', () => ({ status: 200, body: { title: 'incomplete' } }));
    await call('GET', '/repos/octo/app/issues/1');
    expect((await call('GET', '/repos/octo/app/releases')).status).toBe(501);
    expect(mock.violations().join('\n')).toMatch(/response does not match[\s\S]*no default for this operation/);
  });

  it('accepts a valid request and validates query parameters by type', async () => {
    expect((await call('GET', '/repos/octo/app/pulls?state=all&per_page=5')).status).toBe(200);
    expect((await call('GET', '/repos/octo/app/pulls?per_page=many')).status).toBe(400);
    expect(mock.violations()).toEqual([expect.stringContaining('query parameter "per_page" must be integer')]);
  });
});

describe('authentication', () => {
  it('asks for credentials, and refuses unknown tokens', async () => {
    expect(await call('GET', '/repos/octo/app/issues/1', undefined, '')).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
    expect(await call('GET', '/repos/octo/app/issues/1', undefined, 'token ghp_unknown')).toMatchObject({ status: 401, body: { message: 'Bad credentials' } });
  });

  it('issues installation tokens only for a valid, short-lived JWT of a registered app', async () => {
    mock.registerApp({ appId: testApp.appId, publicKey: testApp.publicKey, installationId: testApp.installationId });
    const now = Math.floor(Date.now() / 1000);
    const path = `/app/installations/${testApp.installationId}/access_tokens`;
    expect((await call('POST', path, undefined, `bearer ${jwt({ iss: testApp.appId, iat: now - 30, exp: now + 3600 })}`)).status).toBe(401);
    expect((await call('POST', path, undefined, `bearer ${jwt({ iss: testApp.appId, iat: now - 700, exp: now - 100 })}`)).status).toBe(401);
    expect((await call('POST', path, undefined, `bearer ${jwt({ iss: 1, iat: now, exp: now + 60 })}`)).status).toBe(401);
    expect((await call('POST', path, undefined, 'bearer not.a.jwt')).status).toBe(401);
    expect((await call('POST', path, undefined, `token ${mock.token}`)).status).toBe(401);
    const issued = await call('POST', path, undefined, `bearer ${jwt({ iss: testApp.appId, iat: now - 30, exp: now + 540 })}`);
    expect(issued).toMatchObject({ status: 201, body: { token: expect.stringMatching(/^ghs_/) } });
    expect((await call('GET', '/repos/octo/app/pulls', undefined, `token ${String(issued.body['token'])}`)).status).toBe(200);
  });

  it('refuses every credential once they are expired', async () => {
    mock.expireCredentials();
    expect(await call('GET', '/repos/octo/app/issues/1')).toMatchObject({ status: 401, body: { message: 'Bad credentials' } });
  });
});

describe('default world', () => {
  it('keeps issues and pull requests in one numbering, as GitHub does', async () => {
    expect(mock.createIssue(repo, { title: 'i', body: '', author: 'a' })).toBe(1);
    expect(mock.createPullRequest(repo, { head: 'f', base: 'main', title: 'p', body: '' })).toBe(2);
    expect((await call('GET', '/repos/octo/app/issues/2')).body['html_url']).toMatch(/\/octo\/app\/pull\/2$/);
    expect(mock.comments(repo, 99)).toEqual([]);
    expect(mock.reviews(repo, 1)).toEqual([]);
    expect(mock.labels(repo, 99)).toEqual([]);
    expect(mock.statuses(repo, 'none')).toEqual([]);
  });

  it('refuses to open a pull request twice or between the same branch, and updates only pull requests', async () => {
    mock.createPullRequest(repo, { head: 'f', base: 'main', title: 'p', body: '' });
    expect((await call('POST', '/repos/octo/app/pulls', { head: 'f', base: 'main', title: 'again' })).status).toBe(422);
    expect((await call('POST', '/repos/octo/app/pulls', { head: 'main', base: 'main', title: 'same' })).status).toBe(422);
    expect((await call('POST', '/repos/octo/app/pulls', { head: 'someone:f', base: 'main', title: 'fork' })).status).toBe(422);
    mock.createIssue(repo, { title: 'i', body: '', author: 'a' });
    expect((await call('PATCH', '/repos/octo/app/pulls/2', { title: 'x' })).status).toBe(404);
    expect((await call('POST', '/repos/octo/app/pulls/2/reviews', { event: 'COMMENT' })).status).toBe(404);
    expect((await call('POST', '/repos/octo/app/pulls/1/reviews', { event: 'COMMENT' })).status).toBe(422);
    expect(mock.violations()).toEqual([]);
  });

  it('keeps check runs to installation tokens and to the app that made them', async () => {
    expect((await call('POST', '/repos/octo/app/check-runs', { name: 'c', head_sha: 'a' })).status).toBe(403);
    mock.state.mustRepo(repo).checkRuns.push({ id: 5, appId: 1, name: 'c', headSha: 'a', status: 'queued', conclusion: null, detailsUrl: '', title: '' });
    expect((await call('PATCH', '/repos/octo/app/check-runs/5', { status: 'completed', conclusion: 'success' })).status).toBe(403);
    expect((await call('PATCH', '/repos/octo/app/check-runs/6', {})).status).toBe(404);
    expect((await call('POST', '/repos/nobody/none/check-runs', { name: 'c', head_sha: 'a' })).status).toBe(404);
    expect(mock.violations()).toEqual([]);
  });

  it('answers 404 for every operation on a repository that does not exist', async () => {
    const paths: Array<[string, string, unknown?]> = [
      ['GET', '/repos/no/pe/pulls'], ['POST', '/repos/no/pe/pulls', { head: 'a', base: 'b' }], ['POST', '/repos/no/pe/statuses/abc', { state: 'success' }],
      ['GET', '/repos/no/pe/commits/abc/check-runs'], ['GET', '/repos/no/pe/collaborators/u/permission'], ['POST', '/repos/no/pe/issues/1/labels', { labels: ['a'] }],
      ['DELETE', '/repos/no/pe/issues/1/labels/a'],
    ];
    for (const [method, path, body] of paths) expect((await call(method, path, body)).status, `${method} ${path}`).toBe(404);
    expect(mock.violations()).toEqual([]);
  });

  it('adds labels given as names or as objects, and refuses the bare array the description dropped', async () => {
    const number = mock.createIssue(repo, { title: 'i', body: '', author: 'a' });
    await call('POST', `/repos/octo/app/issues/${number}/labels`, { labels: ['a'] });
    await call('POST', `/repos/octo/app/issues/${number}/labels`, { labels: [{ name: 'b' }] });
    expect(mock.labels(repo, number)).toEqual(['a', 'b']);
    expect((await call('POST', `/repos/octo/app/issues/${number}/labels`, ['c'])).status).toBe(400);
  });

  it('tells the test which repository it forgot to create', () => {
    expect(() => mock.protectBranch({ owner: 'x', name: 'y' }, 'main')).toThrow('call createRepo first');
  });
});

describe('OpenAPI 3.0 nullable', () => {
  it('becomes a null type, a null enum member, or an anyOf with null', () => {
    const schema = {
      a: { type: 'string', nullable: true }, b: { type: ['integer'], nullable: true }, c: { type: ['string', 'null'], nullable: true },
      d: { enum: ['x'], type: 'string', nullable: true }, e: { allOf: [{ $ref: '#/x' }], nullable: true }, f: { type: 'string', nullable: false },
    };
    convertNullable([schema]);
    expect(schema).toEqual({
      a: { type: ['string', 'null'] }, b: { type: ['integer', 'null'] }, c: { type: ['string', 'null'] },
      d: { enum: ['x', null], type: ['string', 'null'] }, e: { anyOf: [{ type: 'null' }, { allOf: [{ $ref: '#/x' }] }] }, f: { type: 'string' },
    });
  });

  it('prefers literal path segments over parameters when matching routes', () => {
    expect(githubSpec().match('GET', '/repos/o/r/pulls/comments')?.operation.operationId).toBe('pulls/list-review-comments-for-repo');
    expect(githubSpec().match('GET', '/repos/o/r/pulls/7')?.operation.operationId).toBe('pulls/get');
    expect(githubSpec().match('GET', '/repos/o//pulls')).toBeUndefined();
  });
});
