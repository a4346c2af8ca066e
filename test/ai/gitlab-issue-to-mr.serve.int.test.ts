/**
 * The GitLab issue-driven flow through the server, over real sockets, set up as the README says:
 * `autodevops serve` (serveApi) with the AI provider pointed at a scripted model server and
 * GITLAB_URL at the GitLab mock; examples/gitlab-issue-to-mr.yml registered from the project's git
 * URL (a real bare repository served over smart HTTP, which takes pushes only with the token), the
 * GITLAB_TOKEN secret, the TEST_COMMAND variable and the webhook secret put through the API. Note
 * Hook deliveries (X-Gitlab-Token) with `/autodevops` comments start the run only when their author
 * has Developer access, and an Issue Hook delivery that adds the `autodevops` label starts it too;
 * each run pushes the branch to the project's `git_http_url` with the token, opens a merge request
 * that closes the issue, reports on the issue and on the commit (an external status linking to the
 * run), and the token shows up nowhere it must not.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../otlp/otlp-receiver.ts';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.ts';
import { startGitLabMock, type GitLabMock } from '../support/gitlab-mock/gitlab-mock.ts';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import type { ModelServer } from '../support/model-servers/script.ts';
import { fixingModel, stepOf } from './sample-repo.ts';
import { aiEnv, filesHolding, gitConfigs, repoWithWorkflow, serveProject, type Json, type ServedProject } from './served-issue-flow.ts';

const project = { owner: 'group/sub', name: 'calc' };
// Not shaped like a GitLab token, so only masking by value (not a pattern) can keep it out of logs.
const token = 'forge-secret-8d2f6a0c9e3b';
const basic = Buffer.from(`oauth2:${token}`).toString('base64');
const file = '.gitlab/autodevops/issue-to-mr.yml';

let model: ModelServer;
let gitlab: GitLabMock;
let git: GitHttpServer;
let traces: OtlpReceiver;
let served: ServedProject;
let work: string;
let remote: string;
let webhookSecret: string;
const logs: string[] = [];

beforeAll(async () => {
  [model, gitlab, traces] = await Promise.all([startOpenAiServer(fixingModel), startGitLabMock({ token }), startOtlpReceiver()]);
  // Like GitLab, the mock learns of the branches pushed to the project.
  git = await startGitHttpServer({ token, user: 'oauth2', onPush: (_, branches) => branches.forEach((b) => gitlab.world.mustProject(project).branches.add(b)) });
  gitlab.createRepo(project);
  gitlab.setPermission(project, 'guest', 'read');
  gitlab.setPermission(project, 'dev', 'write');
  work = repoWithWorkflow('examples/gitlab-issue-to-mr.yml', file);
  remote = git.createRepo('group/sub/calc', work);
  served = await serveProject({ ...aiEnv(model), GITLAB_URL: gitlab.url, OTEL_EXPORTER_OTLP_ENDPOINT: traces.url });
  expect(await served.put('/workflows/issue-to-mr', { source: { git: remote, ref: 'main' }, file })).toBe(201);
  expect(await served.put('/secrets/GITLAB_TOKEN', { value: token })).toBe(201);
  expect(await served.put('/variables/TEST_COMMAND', { value: 'python3 -m unittest discover -v' })).toBe(201);
  webhookSecret = ((await (await served.call('/webhook-secrets/gitlab', { method: 'POST' })).json()) as Json).secret;
}, 30_000);

afterAll(async () => {
  await served?.close();
  served?.remove();
  await Promise.all([model?.close(), gitlab?.close(), git?.close(), traces?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A Note Hook delivery (GitLab's payload, abridged) of `user` commenting `note` on issue `iid`. */
function note(iid: number, user: string, text: string) {
  const issue = gitlab.world.mustProject(project).issues.get(iid)!;
  const body = JSON.stringify({
    object_kind: 'note', event_type: 'note', user: { id: 7, name: user, username: user },
    project: { id: 15, name: 'calc', path_with_namespace: 'group/sub/calc', web_url: `${gitlab.url}/group/sub/calc`, git_http_url: remote, default_branch: 'main' },
    object_attributes: { id: 1244, note: text, noteable_type: 'Issue', action: 'create', author_id: 7 },
    repository: { name: 'calc', url: remote, homepage: `${gitlab.url}/group/sub/calc` },
    issue: { iid, title: issue.title, description: issue.description, state: 'opened' },
  });
  return served.deliver('gitlab', body, { 'x-gitlab-token': webhookSecret, 'x-gitlab-event': 'Note Hook', 'idempotency-key': randomUUID() });
}

/** A GitLab label as hooks describe it. */
function label(id: number, title: string) {
  return { id, title, color: '#428BCA', project_id: 15, created_at: '2025-01-02 10:00:00 UTC', updated_at: '2025-01-02 10:00:00 UTC', template: false, description: null, type: 'ProjectLabel', group_id: null };
}

/** An Issue Hook delivery (GitLab's payload, abridged) of `user` changing issue `iid`'s labels from `previous` to `current`. */
function relabel(iid: number, user: string, previous: string[], current: string[]) {
  const issue = gitlab.world.mustProject(project).issues.get(iid)!;
  const labels = (titles: string[]) => titles.map((t, i) => label(200 + i, t));
  const body = JSON.stringify({
    object_kind: 'issue', event_type: 'issue', user: { id: 8, name: user, username: user },
    project: { id: 15, name: 'calc', path_with_namespace: 'group/sub/calc', web_url: `${gitlab.url}/group/sub/calc`, git_http_url: remote, default_branch: 'main' },
    object_attributes: { id: 301, iid, title: issue.title, description: issue.description, state: 'opened', action: 'update', labels: labels(current), url: `${gitlab.url}/group/sub/calc/-/issues/${iid}` },
    repository: { name: 'calc', url: remote, homepage: `${gitlab.url}/group/sub/calc` },
    labels: labels(current),
    changes: { labels: { previous: labels(previous), current: labels(current) }, updated_at: { previous: '2025-01-02 10:00:00 UTC', current: '2025-01-02 10:05:00 UTC' } },
  });
  return served.deliver('gitlab', body, { 'x-gitlab-token': webhookSecret, 'x-gitlab-event': 'Issue Hook', 'idempotency-key': randomUUID() });
}

/** Runs the started run to its end and checks what the README promises of it; returns the run. */
async function expectMergeRequest(runId: string, iid: number, branch: string): Promise<Json> {
  const view = await served.finished(runId);
  expect(view.jobs[0].steps.filter((s: Json) => s.conclusion !== 'success').map((s: Json) => [s.id, s.error])).toEqual([]);
  expect(view).toMatchObject({ status: 'completed', conclusion: 'success', trigger: { actor: 'gitlab-webhook' } });
  expect(model.requests.slice(-6).map(stepOf)).toEqual(['plan', 'code', 'code', 'code', 'code', 'review']);
  const mr = gitlab.pullRequests(project).find((m) => m.head === branch);
  expect(mr).toMatchObject({ base: 'main', state: 'open' });
  expect(mr!.body).toContain(`Closes #${iid}.`);
  // The branch is in the project's repository, with the fix, pushed over HTTP with the token.
  expect(execFileSync('git', ['show', `${branch}:calc.py`], { cwd: git.dirOf('group/sub/calc'), encoding: 'utf8' })).toContain('return a + b');
  const pushes = git.requests.filter((r) => r.url.endsWith('/git-receive-pack'));
  expect(pushes.length).toBeGreaterThan(0);
  expect(pushes.every((r) => r.withToken === true && r.status === 200)).toBe(true);
  expect(gitlab.comments(project, iid)).toEqual([`autodevops is working on this issue (run ${runId}).`, expect.stringMatching(/^Merge request ready: http:\/\/127\.0\.0\.1:\d+\/group\/sub\/calc\/-\/merge_requests\/\d+$/)]);
  logs.push(await served.logs(runId), JSON.stringify(view));
  return view;
}

describe('examples/gitlab-issue-to-mr.yml on `autodevops serve`', () => {
  it('ignores and logs a guest\'s /autodevops comment, and turns a developer\'s into a merge request', async () => {
    const iid = gitlab.createIssue(project, { title: 'Fix the add function', body: 'add(2, 3) returns -1', author: 'guest' });
    const refused = await note(iid, 'guest', '/autodevops please fix it');
    expect(refused).toEqual({ status: 202, json: { runs: [], ignored: '/autodevops comment by guest ignored: guest has read access to group/sub/calc, write is needed' } });
    expect(served.output()).toContain('project shop: /autodevops comment by guest ignored: guest has read access to group/sub/calc, write is needed');
    expect(((await (await served.call('/runs')).json()) as Json).runs).toEqual([]);
    expect(gitlab.comments(project, iid)).toEqual([]);

    const obeyed = await note(iid, 'dev', '/autodevops please fix it');
    expect(obeyed).toMatchObject({ status: 202, json: { runs: [{ workflow: 'issue-to-mr', event: 'issue_comment', runId: expect.any(String) }] } });
    const runId = obeyed.json.runs[0].runId as string;
    await expectMergeRequest(runId, iid, 'autodevops/fix-the-add-function');
    expect(model.requests).toHaveLength(6);
    // The run's status is on the commit it ran, linking to the run on this server.
    const sha = execFileSync('git', ['rev-parse', 'main'], { cwd: git.dirOf('group/sub/calc'), encoding: 'utf8' }).trim();
    const runUrl = `${served.url}/v1/projects/shop/runs/${runId}`;
    await vi.waitFor(() => expect(gitlab.statuses(project, sha)).toEqual([{ context: 'autodevops/issue-to-mr', state: 'success', description: 'success', targetUrl: runUrl }]), { timeout: 5000 });
    expect(gitlab.violations()).toEqual([]);
  }, 20_000);

  it('turns an issue into a merge request when the autodevops label is added, and does nothing on other label changes', async () => {
    const iid = gitlab.createIssue(project, { title: 'Make add add', body: 'add(2, 3) should be 5', author: 'guest' });
    /** Adding another label is `labeled` too (as on GitHub), but the job's `if` skips it. */
    const expectSkipped = async (delivered: { status: number; json: Json }): Promise<void> => {
      expect(delivered).toMatchObject({ status: 202, json: { runs: [{ workflow: 'issue-to-mr', event: 'issues' }] } });
      const view = await served.finished(delivered.json.runs[0].runId);
      expect(view.jobs.map((j: Json) => j.conclusion)).toEqual(['skipped']);
    };
    await expectSkipped(await relabel(iid, 'guest', [], ['bug']));
    expect(gitlab.comments(project, iid)).toEqual([]);

    const labelled = await relabel(iid, 'guest', ['bug'], ['bug', 'autodevops']);
    expect(labelled).toMatchObject({ status: 202, json: { runs: [{ workflow: 'issue-to-mr', event: 'issues', runId: expect.any(String) }] } });
    const view = await expectMergeRequest(labelled.json.runs[0].runId, iid, 'autodevops/make-add-add');
    expect(view.trigger).toMatchObject({ event: 'issues', payload: { object_kind: 'issue', changes: { labels: { current: [{ title: 'bug' }, { title: 'autodevops' }] } } } });

    // A later change that keeps the label (another one added) does not start the work again.
    await expectSkipped(await relabel(iid, 'guest', ['bug', 'autodevops'], ['bug', 'autodevops', 'backend']));
    expect(gitlab.comments(project, iid)).toHaveLength(2);
    expect(gitlab.pullRequests(project).filter((m) => m.head === 'autodevops/make-add-add')).toHaveLength(1);
    expect(gitlab.violations()).toEqual([]);
  }, 20_000);

  it('never lets the token into logs, traces, stored repositories, git configuration or the server\'s output', async () => {
    expect(logs).toHaveLength(4);
    await served.close();
    for (const text of [...logs, served.output(), JSON.stringify(model.requests), ...traces.bodies.map((b) => b.toString('latin1'))]) {
      for (const needle of [token, basic]) expect(text).not.toContain(needle);
    }
    expect(traces.spans.map((s) => s.name)).toContain('forge.openOrUpdatePullRequest');
    // The search reads every file, the stores included: the remote's URL is found in them.
    expect(filesHolding(served.dataDir, [remote])).toEqual(expect.arrayContaining(['autodevops.db', 'server.db']));
    expect(filesHolding(served.dataDir, [token, basic])).toEqual([]);
    expect(filesHolding(git.root, [token, basic])).toEqual([]);
    // Each run's workspace (four runs, two of them skipped by the job's if) has the project's repository as origin, without credentials.
    const workspaces = gitConfigs(served.dataDir).filter((c) => c.file.startsWith('server/workspaces/'));
    expect(workspaces).toHaveLength(4);
    for (const { text } of workspaces) expect(text).toContain(`url = ${remote}\n`);
  });
});
