/**
 * The issue-driven flow through the server, over real sockets, set up the way the README says:
 * `autodevops serve` (serveApi) with the AI provider pointed at a scripted model server and
 * GITHUB_API_URL at the GitHub mock; examples/issue-to-pr.yml registered from the repository's git
 * URL (a real bare repository served over smart HTTP, which takes pushes only with the token), the
 * GITHUB_TOKEN secret, the TEST_COMMAND variable and the webhook secret all put through the API.
 * Signed deliveries from @octokit/webhooks-examples then start runs: a labelled issue, and
 * `/autodevops` comments, obeyed only from users with write access (the others are ignored, and the
 * audit log says why). Each run pushes its branch with the token to the workspace's origin (the git
 * URL the workflow came from; the variable GIT_REMOTE overrides it), opens a pull request that
 * closes the issue, reports on the issue and on the commit (a status linking to the run), and the
 * token shows up nowhere it must not.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAuditLog } from '../../src/app.ts';
import { signGithubBody } from '../../src/server/webhooks/signatures.ts';
import { githubExample } from '../../src/server/webhooks/testing/webhook-harness.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../otlp/otlp-receiver.ts';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.ts';
import { startGitHubMock, type GitHubMock } from '../support/github-mock/github-mock.ts';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import type { ModelServer } from '../support/model-servers/script.ts';
import { fixingModel, stepOf } from './sample-repo.ts';
import { aiEnv, filesHolding, gitConfigs, repoWithWorkflow, serveProject, type Json, type ServedProject } from './served-issue-flow.ts';

const repo = { owner: 'octo-org', name: 'calc' };
// Not shaped like a GitHub token, so only masking by value (not a pattern) can keep it out of logs.
const token = 'forge-secret-4e1b9d7c2a6f';
const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
const file = '.github/autodevops/issue-to-pr.yml';

let model: ModelServer;
let github: GitHubMock;
let git: GitHttpServer;
let traces: OtlpReceiver;
let served: ServedProject;
let work: string;
let remote: string;
let webhookSecret: string;
const logs: string[] = [];

beforeAll(async () => {
  [model, github, traces] = await Promise.all([startOpenAiServer(fixingModel), startGitHubMock({ token }), startOtlpReceiver()]);
  // Like GitHub, the mock learns of the branches pushed to the repository.
  git = await startGitHttpServer({ token, user: 'x-access-token', onPush: (_, branches) => branches.forEach((b) => github.state.mustRepo(repo).branches.add(b)) });
  github.createRepo(repo);
  github.setPermission(repo, 'reader', 'read');
  github.setPermission(repo, 'writer', 'write');
  work = repoWithWorkflow('examples/issue-to-pr.yml', file);
  remote = git.createRepo('octo-org/calc', work);
  served = await serveProject({ ...aiEnv(model), GITHUB_API_URL: github.url, OTEL_EXPORTER_OTLP_ENDPOINT: traces.url });
  expect(await served.put('/workflows/issue-to-pr', { source: { git: remote, ref: 'main' }, file })).toBe(201);
  expect(await served.put('/secrets/GITHUB_TOKEN', { value: token })).toBe(201);
  expect(await served.put('/variables/TEST_COMMAND', { value: 'python3 -m unittest discover -v' })).toBe(201);
  webhookSecret = ((await (await served.call('/webhook-secrets/github', { method: 'POST' })).json()) as Json).secret;
}, 30_000);

afterAll(async () => {
  await served?.close();
  served?.remove();
  await Promise.all([model?.close(), github?.close(), git?.close(), traces?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A signed delivery of `payload` as GitHub sends it. */
function deliver(event: string, payload: object) {
  const body = JSON.stringify(payload);
  return served.deliver('github', body, { 'x-github-event': event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signGithubBody(webhookSecret, body) });
}

/** An example payload of `event` about issue `number` of octo-org/calc. */
function aboutIssue(event: 'issues' | 'issue_comment', action: string, number: number, fields: Record<string, unknown>): Record<string, unknown> {
  const payload = structuredClone(githubExample(event, (p) => p.action === action));
  const issue = { ...(payload.issue as object), number, title: github.state.mustRepo(repo).issues.get(number)!.title, body: github.state.mustRepo(repo).issues.get(number)!.body };
  return { ...payload, ...fields, issue, repository: { ...(payload.repository as object), full_name: 'octo-org/calc', name: 'calc', owner: { login: 'octo-org' } } };
}

function comment(number: number, user: string, body: string): Record<string, unknown> {
  const example = githubExample('issue_comment', (p) => p.action === 'created') as { comment: { user: object } };
  return aboutIssue('issue_comment', 'created', number, { comment: { ...example.comment, body, user: { ...example.comment.user, login: user } }, sender: { ...example.comment.user, login: user } });
}

/** Runs the started run to its end and checks what the README promises of it; returns the run. */
async function expectPullRequest(runId: string, issue: number, branch: string, pushedTo = 'octo-org/calc'): Promise<Json> {
  const view = await served.finished(runId);
  expect(view.jobs[0].steps.filter((s: Json) => s.conclusion !== 'success').map((s: Json) => [s.id, s.error])).toEqual([]);
  expect(view).toMatchObject({ status: 'completed', conclusion: 'success', trigger: { actor: 'github-webhook' } });
  expect(model.requests.slice(-6).map(stepOf)).toEqual(['plan', 'code', 'code', 'code', 'code', 'review']);
  const pr = github.pullRequests(repo).find((p) => p.head === branch);
  expect(pr).toMatchObject({ base: 'main', state: 'open' });
  expect(pr!.body).toContain(`Closes #${issue}.`);
  // The branch is in the forge's repository, with the fix, pushed over HTTP with the token.
  expect(execFileSync('git', ['show', `${branch}:calc.py`], { cwd: git.dirOf(pushedTo), encoding: 'utf8' })).toContain('return a + b');
  const pushes = git.requests.filter((r) => r.url.endsWith('/git-receive-pack'));
  expect(pushes.length).toBeGreaterThan(0);
  expect(pushes.every((r) => r.withToken === true && r.status === 200)).toBe(true);
  const comments = github.comments(repo, issue);
  expect(comments).toEqual([`autodevops is working on this issue (run ${runId}).`, expect.stringMatching(/^Pull request ready: http:\/\/127\.0\.0\.1:\d+\/octo-org\/calc\/pull\/\d+$/)]);
  logs.push(await served.logs(runId), JSON.stringify(view));
  return view;
}

describe('examples/issue-to-pr.yml on `autodevops serve`', () => {
  it('turns a labelled issue into a pull request, reporting on the issue and on the commit', async () => {
    const issue = github.createIssue(repo, { title: 'Fix the add function', body: 'add(2, 3) returns -1', author: 'octocat' });
    const payload = aboutIssue('issues', 'labeled', issue, {});
    Object.assign(payload, { label: { ...(payload.label as object), name: 'autodevops' } });
    const delivered = await deliver('issues', payload);
    expect(delivered).toMatchObject({ status: 202, json: { runs: [{ workflow: 'issue-to-pr', event: 'issues', runId: expect.any(String) }] } });
    const runId = delivered.json.runs[0].runId as string;
    await expectPullRequest(runId, issue, 'autodevops/fix-the-add-function');
    // The run's status is on the commit it ran, linking to the run on this server.
    const sha = execFileSync('git', ['rev-parse', 'main'], { cwd: git.dirOf('octo-org/calc'), encoding: 'utf8' }).trim();
    const runUrl = `${served.url}/v1/projects/shop/runs/${runId}`;
    await vi.waitFor(() => expect(github.statuses(repo, sha)).toEqual([{ context: 'autodevops/issue-to-pr', state: 'success', description: 'success', targetUrl: runUrl }]), { timeout: 5000 });
    expect(github.state.mustRepo(repo).statuses.get(sha)!.map((s) => s.state)).toEqual(['pending', 'success']);
    expect(((await (await served.call(`/runs/${runId}`)).json()) as Json).id).toBe(runId);
    expect(github.violations()).toEqual([]);
  }, 20_000);

  it('ignores and logs a /autodevops comment from a user without write access, and obeys one from a writer', async () => {
    const issue = github.createIssue(repo, { title: 'Make add add', body: 'add(2, 3) should be 5', author: 'reader' });
    const runsBefore = ((await (await served.call('/runs')).json()) as Json).runs.length;
    const refused = await deliver('issue_comment', comment(issue, 'reader', '/autodevops please fix add'));
    expect(refused).toEqual({ status: 202, json: { runs: [], ignored: '/autodevops comment by reader ignored: reader has read access to octo-org/calc, write is needed' } });
    expect(served.output()).toContain('project shop: /autodevops comment by reader ignored: reader has read access to octo-org/calc, write is needed');
    // The audit log records the delivery with the reason it started nothing.
    const audit = await openAuditLog({ dataDir: served.dataDir });
    try {
      expect(audit.list({ project: 'shop' }).filter((e) => e.action === 'webhook.github').at(-1)).toMatchObject({
        actor: 'webhook:github', outcome: 'ok',
        details: { method: 'POST', path: '/v1/projects/shop/webhooks/github', status: 202, ignored: '/autodevops comment by reader ignored: reader has read access to octo-org/calc, write is needed' },
      });
    } finally {
      audit.close();
    }
    expect(((await (await served.call('/runs')).json()) as Json).runs).toHaveLength(runsBefore);
    expect(github.comments(repo, issue)).toEqual([]);

    const obeyed = await deliver('issue_comment', comment(issue, 'writer', '/autodevops please fix add'));
    expect(obeyed).toMatchObject({ status: 202, json: { runs: [{ workflow: 'issue-to-pr', event: 'issue_comment' }] } });
    const view = await expectPullRequest(obeyed.json.runs[0].runId, issue, 'autodevops/make-add-add');
    expect(view.trigger.payload.comment.user.login).toBe('writer');
    expect(github.violations()).toEqual([]);
  }, 20_000);

  it('pushes where the variable GIT_REMOTE says instead of the workspace\'s origin', async () => {
    const mirror = git.createRepo('octo-org/calc-mirror', work);
    expect(await served.put('/variables/GIT_REMOTE', { value: mirror })).toBe(201);
    try {
      const issue = github.createIssue(repo, { title: 'Repair add', body: 'add(2, 3) returns -1', author: 'octocat' });
      const payload = aboutIssue('issues', 'labeled', issue, {});
      Object.assign(payload, { label: { ...(payload.label as object), name: 'autodevops' } });
      const delivered = await deliver('issues', payload);
      expect(delivered).toMatchObject({ status: 202, json: { runs: [{ workflow: 'issue-to-pr', runId: expect.any(String) }] } });
      await expectPullRequest(delivered.json.runs[0].runId, issue, 'autodevops/repair-add', 'octo-org/calc-mirror');
      expect(() => execFileSync('git', ['rev-parse', '--verify', '--quiet', 'refs/heads/autodevops/repair-add'], { cwd: git.dirOf('octo-org/calc'), stdio: 'pipe' })).toThrow();
    } finally {
      expect((await served.call('/variables/GIT_REMOTE', { method: 'DELETE' })).status).toBeLessThan(300);
    }
  }, 20_000);

  it('never lets the token into logs, traces, stored repositories, git configuration or the server\'s output', async () => {
    expect(logs).toHaveLength(6);
    await served.close();
    const needles = [token, basic];
    for (const text of [...logs, served.output(), JSON.stringify(model.requests), ...traces.bodies.map((b) => b.toString('latin1'))]) {
      for (const needle of needles) expect(text).not.toContain(needle);
    }
    expect(traces.spans.map((s) => s.name)).toContain('forge.openOrUpdatePullRequest');
    // The search reads every file, the stores included: the remote's URL is found in them.
    expect(filesHolding(served.dataDir, [remote])).toEqual(expect.arrayContaining(['autodevops.db', 'server.db']));
    expect(filesHolding(served.dataDir, needles)).toEqual([]);
    expect(filesHolding(git.root, needles)).toEqual([]);
    // Each run's workspace has the forge's repository as origin, without credentials.
    const workspaces = gitConfigs(served.dataDir).filter((c) => c.file.startsWith('server/workspaces/'));
    expect(workspaces).toHaveLength(3);
    for (const { text } of workspaces) expect(text).toContain(`url = ${remote}\n`);
  });
});
