// The GitLab mock itself: requests are checked against GitLab's description of each operation,
// bodies are read as GitLab reads them, and its world answers as GitLab does.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nest } from './dispatch.ts';
import { startGitLabMock, type GitLabMock } from './gitlab-mock.ts';

let mock: GitLabMock;
const repo = { owner: 'group', name: 'app' };
const api = '/api/v4/projects/group%2Fapp';

beforeEach(async () => {
  mock = await startGitLabMock();
  mock.createRepo(repo, { branches: ['feature'] });
});
afterEach(() => mock.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'private-token': mock.token }): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const json = body !== undefined && !(body instanceof FormData) && !(body instanceof URLSearchParams);
  const response = await fetch(mock.url + path, {
    method, headers: { ...headers, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(body === undefined ? {} : { body: json ? (typeof body === 'string' ? body : JSON.stringify(body)) : body }),
  });
  const text = await response.text();
  return { status: response.status, body: (response.headers.get('content-type') === 'application/json' ? JSON.parse(text) : { text }) as Record<string, unknown>, headers: response.headers };
}

/** fetch refuses a GET with a body; node:http sends one. */
function getWithBody(path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(mock.url + path, { method: 'GET', headers: { 'private-token': mock.token, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request validation', () => {
  it('answers 400 and records unknown attributes, wrong types and missing required ones', async () => {
    expect((await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 't', descripton: 'typo' })).status).toBe(400);
    await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 5 });
    await call('POST', `${api}/merge_requests`, { source_branch: 'feature', title: 't' });
    await call('GET', `${api}/merge_requests?state=open`);
    expect(mock.violations().join('\n')).toMatch(/body: Unrecognized key: "descripton"[\s\S]*body\.title: Invalid input[\s\S]*body\.target_branch: Invalid input[\s\S]*query\.state: Invalid option/);
  });

  it('records bodies where none is taken, missing bodies, bad path parameters and text that is not JSON', async () => {
    await getWithBody(`${api}/issues/1`, '{"a":1}');
    await call('POST', `${api}/issues/1/notes`);
    await call('GET', `${api}/issues/abc`);
    await call('POST', `${api}/issues/1/notes`, '{not json');
    expect(mock.violations().join('\n')).toMatch(/getApiV4ProjectsIdIssuesIssueIid takes no request body[\s\S]*the request body is required[\s\S]*path\.issue_iid[\s\S]*neither JSON nor a form/);
  });

  it('takes any text as :sha, as the description does, and answers 404 for one that names no commit', async () => {
    expect((await call('POST', `${api}/statuses/not-a-sha`, { state: 'success' })).body).toEqual({ message: '404 Commit Not Found' });
    expect(mock.violations()).toEqual([]);
  });

  it('records routes it does not know and paths outside /api/v4', async () => {
    expect((await call('GET', '/api/v4/projects/group%2Fapp/pipelines')).status).toBe(404);
    expect((await call('GET', '/group/app')).status).toBe(404);
    expect(mock.violations()).toEqual([expect.stringContaining("no operation of GitLab's REST API the mock implements"), expect.stringContaining('outside /api/v4')]);
  });

  it('reads multipart and URL-encoded forms with bracketed keys, as GitLab does', async () => {
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    const form = new FormData();
    for (const [k, v] of Object.entries({ body: 'on a line', 'position[position_type]': 'text', 'position[base_sha]': 'a', 'position[start_sha]': 'b', 'position[head_sha]': 'c', 'position[old_path]': 'x', 'position[new_path]': 'x', 'position[new_line]': '4' })) form.append(k, v);
    expect((await call('POST', `${api}/merge_requests/${number}/discussions`, form)).status).toBe(201);
    expect((await call('PUT', `${api}/issues/${mock.createIssue(repo, { title: 'i', body: '', author: 'a' })}`, new URLSearchParams({ add_labels: 'a,b' }))).status).toBe(200);
    expect(mock.threads(repo, number)[0]!.position).toMatchObject({ new_line: '4', head_sha: 'c' });
    expect(mock.labels(repo, 1)).toEqual(['a', 'b']);
    expect(nest([['ids[]', '1'], ['ids[]', '2'], ['a[b][c]', 'x']])).toEqual({ ids: ['1', '2'], a: { b: { c: 'x' } } });
    expect(mock.violations()).toEqual([]);
  });

  it('needs both paths and a line in a text position', async () => {
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    await call('POST', `${api}/merge_requests/${number}/discussions`, { body: 'x', position: { position_type: 'text', base_sha: 'a', start_sha: 'b', head_sha: 'c', new_path: 'x', new_line: 1 } });
    await call('POST', `${api}/merge_requests/${number}/discussions`, { body: 'x', position: { position_type: 'text', base_sha: 'a', start_sha: 'b', head_sha: 'c', new_path: 'x', old_path: 'x' } });
    expect(mock.violations().join('\n')).toMatch(/needs both old_path and new_path[\s\S]*needs new_line, old_line or both/);
  });
});

describe('authentication', () => {
  it('takes the token as PRIVATE-TOKEN or a bearer token, and refuses others', async () => {
    expect((await call('GET', `${api}/merge_requests`, undefined, {})).body).toEqual({ message: '401 Unauthorized' });
    expect((await call('GET', `${api}/merge_requests`, undefined, { 'private-token': 'glpat-other' })).status).toBe(401);
    expect((await call('GET', `${api}/merge_requests`, undefined, { authorization: `Bearer ${mock.token}` })).status).toBe(200);
    mock.addToken('glpat-second', 'bob');
    expect((await call('POST', `${api}/issues/${mock.createIssue(repo, { title: 'i', body: '', author: 'a' })}/notes`, { body: 'hi' }, { 'private-token': 'glpat-second' })).body).toMatchObject({ author: { username: 'bob' } });
    mock.expireCredentials();
    expect((await call('GET', `${api}/merge_requests`)).status).toBe(401);
  });

  it('answers a rate limit with GitLab\'s headers', async () => {
    const resetAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000);
    mock.rateLimit({ requests: 1, resetAt });
    const limited = await call('GET', `${api}/merge_requests`);
    expect(limited).toMatchObject({ status: 429, body: { text: 'Retry later\n' } });
    expect(limited.headers.get('ratelimit-reset')).toBe(String(resetAt.getTime() / 1000));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(25);
    expect((await call('GET', `${api}/merge_requests`)).status).toBe(200);
    expect(mock.rateLimitedCount()).toBe(1);
  });
});

describe('the world', () => {
  it('numbers issues and merge requests apart and refuses what GitLab refuses', async () => {
    expect(mock.createIssue(repo, { title: 'i', body: '', author: 'a' })).toBe(1);
    expect(mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 'p', body: '' })).toBe(1);
    expect((await call('POST', `${api}/merge_requests`, { source_branch: 'nope', target_branch: 'main', title: 't' })).body).toEqual({ message: ['Source branch "nope" does not exist'] });
    expect((await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 't' })).status).toBe(409);
    expect((await call('PUT', `${api}/merge_requests/1`, { target_branch: 'nope' })).status).toBe(422);
    expect((await call('PUT', `${api}/merge_requests/1`, { state_event: 'close' })).status).toBe(200);
    expect(mock.pullRequests(repo)[0]!.state).toBe('closed');
    expect((await call('GET', '/api/v4/projects/nobody%2Fnone/merge_requests')).body).toEqual({ message: '404 Project Not Found' });
    expect((await call('GET', `${api}/merge_requests/9/diffs`)).status).toBe(404);
    expect(mock.violations()).toEqual([]);
  });

  it('finds projects by numeric id and edits issues', async () => {
    const id = mock.world.mustProject(repo).id;
    const number = mock.createIssue(repo, { title: 'i', body: 'b', author: 'a', labels: ['x'] });
    expect((await call('PUT', `/api/v4/projects/${id}/issues/${number}`, { labels: 'y,z', title: 'renamed' })).body).toMatchObject({ title: 'renamed', labels: ['y', 'z'] });
    expect((await call('GET', `/api/v4/projects/${id}/issues/7`)).body).toEqual({ message: '404 Not Found' });
  });

  it('moves a status through its states and starts a new one after it finished', async () => {
    const sha = 'e'.repeat(40);
    expect((await call('POST', `${api}/statuses/${sha}`, { state: 'pending', name: 'ci' })).status).toBe(201);
    expect((await call('POST', `${api}/statuses/${sha}`, { state: 'running', name: 'ci' })).status).toBe(201);
    expect((await call('POST', `${api}/statuses/${sha}`, { state: 'pending', name: 'ci' })).body).toMatchObject({ message: expect.stringContaining('Cannot transition status via :enqueue from :running') });
    await call('POST', `${api}/statuses/${sha}`, { state: 'success', context: 'ci' });
    await call('POST', `${api}/statuses/${sha}`, { state: 'canceled' });
    await call('POST', `${api}/statuses/${sha}`, { state: 'running', name: 'ci' });
    expect(mock.statuses(repo, sha)).toEqual([expect.objectContaining({ context: 'ci', state: 'pending' }), expect.objectContaining({ context: 'default', state: 'error' })]);
    expect(mock.world.mustProject(repo).statuses).toHaveLength(3);
  });

  it('groups threads into reviews by their overview thread and commit', async () => {
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 'p', body: '' });
    const at = (head: string, line: number) => ({ body: `l${line}`, position: { position_type: 'text', base_sha: 'a', start_sha: 'b', head_sha: head, old_path: 'f', new_path: 'f', new_line: line } });
    for (const body of [at('h1', 1), at('h1', 2), at('h2', 3), { body: 'summary' }, at('h2', 4)]) await call('POST', `${api}/merge_requests/${number}/discussions`, body);
    expect(mock.reviews(repo, number).map((r) => [r.commitSha, r.body, r.comments.map((c) => c.line)])).toEqual([['h1', '', [1, 2]], ['h2', '', [3]], ['h2', 'summary', [4]]]);
  });

  it('lists members including inherited ones, filtered by query', async () => {
    mock.setPermission(repo, 'dev', 'write');
    mock.setPermission(repo, 'viewer', 'read');
    const members = (await call('GET', `${api}/members/all?query=DEV`)).body as unknown as Array<{ username: string; access_level: number }>;
    expect(members.map((m) => [m.username, m.access_level])).toEqual([['dev', 30]]);
    mock.setPermission(repo, 'dev', 'none');
    expect((await call('GET', `${api}/members/all`)).body).toHaveLength(2);
  });

  it('tells the test which project or merge request it forgot to create', () => {
    expect(() => mock.protectBranch({ owner: 'x', name: 'y' }, 'main')).toThrow('call createRepo first');
    expect(() => mock.threads(repo, 9)).toThrow('no merge request !9');
  });
});
