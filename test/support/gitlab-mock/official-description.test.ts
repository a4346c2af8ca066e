// The GitLab mock against GitLab's official OpenAPI description: every route carries its
// operationId, requests that break the description are refused naming the operation and the
// field, what the description allows is accepted, and answers use only the entity's fields.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabMock, type GitLabMock } from './gitlab-mock.ts';
import { entityFields, operationIdOf, undocumentedFields } from './official-description.ts';
import { routes } from './routes.ts';

let mock: GitLabMock;
const repo = { owner: 'group', name: 'app' };
const api = '/api/v4/projects/group%2Fapp';
const sha = 'e'.repeat(40);

beforeEach(async () => {
  mock = await startGitLabMock();
  mock.createRepo(repo, { branches: ['feature', 'other'] });
});
afterEach(() => mock.close());

interface Answer {
  status: number;
  body: { error?: string; operationId?: string; problems?: string[]; message?: unknown } & Record<string, unknown>;
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(mock.url + path, {
    method, headers: { 'private-token': mock.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('routes', () => {
  it('carry the operationId of the description, or the one its generator gives the GitLab route it leaves out', () => {
    expect(routes.map((r) => [r.name, r.operationId, r.source.kind])).toEqual([
      ['listMergeRequests', 'getApiV4ProjectsIdMergeRequests', 'openapi'],
      ['createMergeRequest', 'postApiV4ProjectsIdMergeRequests', 'openapi'],
      ['getMergeRequest', 'getApiV4ProjectsIdMergeRequestsMergeRequestIid', 'openapi'],
      ['updateMergeRequest', 'putApiV4ProjectsIdMergeRequestsMergeRequestIid', 'openapi'],
      ['listMergeRequestDiffs', 'getApiV4ProjectsIdMergeRequestsMergeRequestIidDiffs', 'openapi'],
      ['createMergeRequestNote', 'postApiV4ProjectsIdMergeRequestsNoteableIdNotes', 'rest-docs'],
      ['createMergeRequestThread', 'postApiV4ProjectsIdMergeRequestsNoteableIdDiscussions', 'rest-docs'],
      ['getIssue', 'getApiV4ProjectsIdIssuesIssueIid', 'openapi'],
      ['editIssue', 'putApiV4ProjectsIdIssuesIssueIid', 'openapi'],
      ['createIssueNote', 'postApiV4ProjectsIdIssuesNoteableIdNotes', 'rest-docs'],
      ['setCommitStatus', 'postApiV4ProjectsIdStatusesSha', 'openapi'],
      ['listAllMembers', 'getApiV4ProjectsIdMembersAll', 'openapi'],
    ]);
    for (const route of routes) {
      if (route.source.kind === 'openapi') expect(route.operationId).toBe(operationIdOf(route.method, route.template));
      else expect(route.source.page).toMatch(/^doc\/api\/\w+\.md$/);
    }
  });

  it('name their operation when a path is known but the method is not', async () => {
    expect((await call('DELETE', `${api}/merge_requests/1`)).status).toBe(404);
    expect(mock.violations()).toEqual([expect.stringMatching(/no operation .* this path has GET \(getApiV4ProjectsIdMergeRequestsMergeRequestIid\), PUT \(putApiV4ProjectsIdMergeRequestsMergeRequestIid\)$/)]);
  });
});

describe('requests that break the description', () => {
  it('are refused with 400 naming the operationId and the field', async () => {
    const answers = [
      await call('POST', `${api}/statuses/${sha}`, { state: 'error', name: 'ci' }),
      await call('POST', `${api}/merge_requests`, { source_branch: 'feature', title: 't' }),
      await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 't', remove_source_branch: 'sometimes' }),
      await call('PUT', `${api}/issues/1`, { add_labels: 'x', colour: 'red' }),
      await call('GET', `${api}/merge_requests?state=opened&wip=maybe&not[labels]=a&not[colour]=b`),
      await call('GET', `${api}/merge_requests/first`),
    ];
    expect(answers.map((a) => [a.status, a.body.operationId, a.body.problems])).toEqual([
      [400, 'postApiV4ProjectsIdStatusesSha', [expect.stringMatching(/^body\.state: Invalid option: expected one of "pending"\|"running"\|"success"\|"failed"\|"canceled"\|"skipped"$/)]],
      [400, 'postApiV4ProjectsIdMergeRequests', [expect.stringMatching(/^body\.target_branch: /)]],
      [400, 'postApiV4ProjectsIdMergeRequests', [expect.stringMatching(/^body\.remove_source_branch: /)]],
      [400, 'putApiV4ProjectsIdIssuesIssueIid', ['body: Unrecognized key: "colour"']],
      [400, 'getApiV4ProjectsIdMergeRequests', [expect.stringMatching(/^query\.wip: /), 'query.not: Unrecognized key: "colour"']],
      [400, 'getApiV4ProjectsIdMergeRequestsMergeRequestIid', [expect.stringMatching(/^path\.merge_request_iid: /)]],
    ]);
    expect(answers[0]!.body.error).toContain("POST /projects/group%2Fapp/statuses/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee (postApiV4ProjectsIdStatusesSha): the request does not match GitLab's OpenAPI description");
    expect(mock.violations()).toHaveLength(6);
  });

  it('say when the operation is not in the description and which documentation page checked it', async () => {
    const answer = await call('POST', `${api}/issues/${mock.createIssue(repo, { title: 'i', body: '', author: 'a' })}/notes`, { note: 'hi' });
    expect(answer.body.error).toContain("(postApiV4ProjectsIdIssuesNoteableIdNotes, not in GitLab's OpenAPI description; checked against doc/api/notes.md): the request does not match doc/api/notes.md");
    expect(answer.body.problems).toEqual([expect.stringMatching(/^body\.body: /), 'body: Unrecognized key: "note"']);
  });
});

describe('requests the description allows', () => {
  it('are accepted with every parameter it lists, including those the REST pages leave out', async () => {
    const created = await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 't', merge_after: '2030-01-01', approvals_before_merge: 2, add_labels: ['a'], allow_maintainer_to_push: true });
    const listed = await call('GET', `${api}/merge_requests?order_by=popularity&wip=no&not[labels]=x,y&iids[]=1&iids[]=2&created_after=2024-01-01T00:00:00Z&per_page=500`);
    const issue = mock.createIssue(repo, { title: 'i', body: '', author: 'a' });
    const edited = await call('PUT', `${api}/issues/${issue}`, { issue_type: 'incident', weight: '3', due_date: '2030-01-01', labels: ['x', 'y'] });
    const status = await call('POST', `${api}/statuses/${sha}`, { state: 'skipped', description: 'd'.repeat(300), coverage: 97.5, pipeline_id: 7 });
    expect([created.status, listed.status, edited.status, status.status]).toEqual([201, 200, 200, 201]);
    expect([edited.body['labels'], status.body['pipeline_id']]).toEqual([['x', 'y'], 7]);
    expect(mock.violations()).toEqual([]);
  });

  it('still meet the model validations GitLab answers with a field → messages map', async () => {
    const blank = await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: ' ' });
    const long = await call('POST', `${api}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 't'.repeat(256) });
    const number = mock.createPullRequest(repo, { head: 'other', base: 'main', title: 'p', body: '' });
    const update = await call('PUT', `${api}/merge_requests/${number}`, { title: '' });
    expect([blank, long, update].map((a) => [a.status, a.body.message])).toEqual([
      [400, { title: ["can't be blank"] }], [400, { title: ['is too long (maximum is 255 characters)'] }], [400, { title: ["can't be blank"] }],
    ]);
    expect(mock.violations()).toEqual([]);
  });
});

describe('answers', () => {
  it('use only the fields of the entity the description names for the operation', async () => {
    const number = mock.createPullRequest(repo, { head: 'feature', base: 'main', title: 't', body: '' });
    mock.setDiff(repo, number, [{ oldPath: 'a', newPath: 'a', diff: '@@ -1 +1 @@\n-a\n+b\n' }]);
    mock.setPermission(repo, 'dev', 'write');
    const list = await call('GET', `${api}/merge_requests`);
    for (const path of [`${api}/merge_requests/${number}`, `${api}/merge_requests/${number}/diffs`, `${api}/members/all`]) await call('GET', path);
    await call('POST', `${api}/statuses/${sha}`, { state: 'running' });
    expect(Object.keys((list.body as unknown as Array<Record<string, unknown>>)[0]!)).not.toContain('diff_refs');
    expect(mock.violations()).toEqual([]);
  });

  it('are told apart from fields the entity does not list', () => {
    expect(undocumentedFields('API_Entities_MergeRequestBasic', [{ iid: 1, diff_refs: {} }, { iid: 2, colour: 'red' }])).toEqual(['diff_refs', 'colour']);
    expect(undocumentedFields('API_Entities_MergeRequest', { iid: 1, diff_refs: {} })).toEqual([]);
    expect(undocumentedFields('API_Entities_Member', 'not an object')).toEqual([]);
    expect(entityFields.API_Entities_Member).toEqual(expect.arrayContaining(['username', 'access_level']));
  });
});
