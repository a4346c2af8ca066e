import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../../dsl/index.ts';
import { matchTrigger } from '../../dsl/trigger-filter.ts';
import { AutodevopsError } from '../../core/errors.ts';
import { signGenericDelivery, signGithubBody } from './signatures.ts';
import { githubExample, secrets, startWebhookHarness, type WebhookHarness } from './testing/webhook-harness.ts';
import type { WebhookWorkflow } from './webhook-deps.ts';

const job = 'jobs:\n  a: { runs-on: ubuntu-latest, steps: [{ run: echo }] }\n';
const files: Record<string, string> = {
  '.github/workflows/ci.yml': "on:\n  push: { branches: [master], paths: ['**.md'] }\n  pull_request: { branches: [master] }\n",
  '.github/workflows/release.yml': "on:\n  push: { tags: ['simple-*'] }\n  release: { types: [published] }\n",
  '.github/workflows/triage.yml': 'on:\n  issues: { types: [labeled] }\n  issue_comment: { types: [created] }\n',
  '.github/workflows/closed.yml': 'on:\n  pull_request: { types: [closed] }\n  pull_request_target: {}\n',
  '.github/workflows/ops.yml': 'on:\n  repository_dispatch: { types: [on-demand-test] }\n  workflow_dispatch: {}\n',
  '.github/workflows/hello-world-workflow.yml': 'on: workflow_dispatch\n',
};

let h: WebhookHarness;
let clock = Date.parse('2026-03-01T12:00:00Z');
beforeAll(async () => {
  const workflows: WebhookWorkflow[] = [];
  for (const [file, on] of Object.entries(files)) workflows.push({ id: file, file, triggers: (await parseWorkflowText(file, on + job)).on });
  h = await startWebhookHarness(workflows, matchTrigger, () => clock);
});
afterAll(async () => h.close());
beforeEach(() => {
  h.dispatched.length = 0;
});

let sequence = 0;
const newId = (): string => `delivery-${++sequence}`;

function github(event: string, payload: object, options: { id?: string; secret?: string; project?: string } = {}) {
  const body = JSON.stringify(payload);
  return h.post(`/v1/projects/${options.project ?? 'shop'}/webhooks/github`, body, {
    'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': options.id ?? newId(),
    'x-hub-signature-256': signGithubBody(options.secret ?? secrets.github, body),
  });
}

const started = () => h.dispatched.map((d) => `${d.workflowId.replace('.github/workflows/', '')}:${d.trigger.event}`).sort();

describe('GitHub deliveries from @octokit/webhooks-examples', () => {
  it('starts the workflows a branch push matches, with ref, sha and payload', async () => {
    const payload = githubExample('push', (p) => p.ref === 'refs/heads/master');
    const res = await github('push', payload);
    expect(res.status).toBe(202);
    expect(res.json.runs).toEqual([{ workflow: '.github/workflows/ci.yml', event: 'push', runId: 'run-1' }]);
    expect(h.dispatched[0]).toEqual({
      project: 'shop', workflowId: '.github/workflows/ci.yml',
      trigger: {
        event: 'push', ref: 'refs/heads/master', sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', payload,
        source: { forge: 'github', event: 'push', deliveryId: `delivery-${sequence}` },
      },
    });
    expect(res.json.notMatched).toContainEqual({ workflow: '.github/workflows/release.yml', reason: 'the trigger filters only tags, so the push to branch "master" does not run it' });
  });

  it('starts tag workflows for a tag push and ignores a push that deletes a ref', async () => {
    expect((await github('push', githubExample('push', (p) => p.ref === 'refs/tags/simple-tag' && p.deleted === false))).json.runs).toEqual([
      { workflow: '.github/workflows/release.yml', event: 'push', runId: expect.any(String) },
    ]);
    const deleted = await github('push', githubExample('push', (p) => p.deleted === true));
    expect(deleted).toEqual({ status: 202, json: { runs: [], ignored: 'the push deletes refs/tags/simple-tag; push workflows do not run for a deleted ref' } });
  });

  it('runs pull_request and pull_request_target workflows by their activity types', async () => {
    const opened = githubExample('pull_request', (p) => p.action === 'opened');
    expect((await github('pull_request', opened)).status).toBe(202);
    expect(started()).toEqual(['ci.yml:pull_request', 'closed.yml:pull_request_target']);
    const target = h.dispatched.find((d) => d.trigger.event === 'pull_request_target')!.trigger;
    expect(target.ref).toBe('refs/heads/master');
    const pr = h.dispatched.find((d) => d.trigger.event === 'pull_request')!.trigger;
    expect(pr).toMatchObject({ ref: `refs/pull/${opened.number as number}/merge`, sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' });
    h.dispatched.length = 0;
    await github('pull_request', githubExample('pull_request', (p) => p.action === 'closed'));
    expect(started()).toEqual(['closed.yml:pull_request']);
  });

  it('runs issues, issue_comment, release and repository_dispatch workflows by type', async () => {
    await github('issues', githubExample('issues', (p) => p.action === 'labeled'));
    await github('issues', githubExample('issues', (p) => p.action === 'opened'));
    await github('issue_comment', githubExample('issue_comment', (p) => p.action === 'created'));
    await github('release', githubExample('release', (p) => p.action === 'published'));
    await github('release', githubExample('release', (p) => p.action === 'created'));
    await github('repository_dispatch', githubExample('repository_dispatch'));
    expect(started()).toEqual(['ops.yml:repository_dispatch', 'release.yml:release', 'triage.yml:issue_comment', 'triage.yml:issues']);
    expect(h.dispatched.find((d) => d.trigger.event === 'release')!.trigger.ref).toBe('refs/tags/0.0.1');
  });

  it('runs only the workflow a workflow_dispatch delivery names', async () => {
    const res = await github('workflow_dispatch', githubExample('workflow_dispatch'));
    expect(started()).toEqual(['hello-world-workflow.yml:workflow_dispatch']);
    expect(res.json.notMatched).toContainEqual({ workflow: '.github/workflows/ops.yml', reason: 'the delivery dispatches .github/workflows/hello-world-workflow.yml' });
  });

  it('answers 202 with the reason when nothing matches or the event starts nothing', async () => {
    const res = await github('issues', githubExample('issues', (p) => p.action === 'opened'));
    expect(res.json).toMatchObject({ runs: [], ignored: 'no workflow of the project matches this delivery' });
    expect(await github('star', githubExample('star'))).toEqual({ status: 202, json: { runs: [], ignored: expect.stringMatching(/^event "star" starts no workflow here/) } });
    expect((await github('ping', githubExample('ping'))).json.ignored).toMatch(/^ping/);
    expect(h.dispatched).toEqual([]);
  });

  it('accepts the form-encoded content type GitHub can be set to', async () => {
    const body = `payload=${encodeURIComponent(JSON.stringify(githubExample('repository_dispatch')))}`;
    const res = await h.post('/v1/projects/shop/webhooks/github', body, {
      'content-type': 'application/x-www-form-urlencoded', 'x-github-event': 'repository_dispatch', 'x-github-delivery': newId(),
      'x-hub-signature-256': signGithubBody(secrets.github, body),
    });
    expect(res.status).toBe(202);
    expect(started()).toEqual(['ops.yml:repository_dispatch']);
  });
});

describe('refused and repeated GitHub deliveries', () => {
  const payload = () => githubExample('repository_dispatch');

  it('acts on a delivery id once', async () => {
    const id = newId();
    expect((await github('repository_dispatch', payload(), { id })).status).toBe(202);
    expect(await github('repository_dispatch', payload(), { id })).toEqual({ status: 200, json: { runs: [], ignored: 'duplicate delivery' } });
    expect(h.dispatched).toHaveLength(1);
  });

  it('refuses forged and unsigned deliveries with 401 and records nothing', async () => {
    const id = newId();
    const forged = await github('repository_dispatch', payload(), { id, secret: 'guess' });
    expect(forged.status).toBe(401);
    expect(forged.json.error).toMatchObject({ code: 'ADO_WEBHOOK_SIGNATURE' });
    const unsigned = await h.post('/v1/projects/shop/webhooks/github', '{}', { 'x-github-event': 'push', 'x-github-delivery': id });
    expect(unsigned.status).toBe(401);
    expect(h.log.has('shop', id)).toBe(false);
    expect((await github('repository_dispatch', payload(), { id })).status).toBe(202);
  });

  it('refuses a body changed after signing', async () => {
    const body = JSON.stringify(payload());
    const res = await h.post('/v1/projects/shop/webhooks/github', body.replace('on-demand-test', 'on-demand-tesT'), {
      'x-github-event': 'repository_dispatch', 'x-github-delivery': newId(), 'x-hub-signature-256': signGithubBody(secrets.github, body),
    });
    expect(res.status).toBe(401);
  });

  it('answers 404 for an unknown project and 401 for a project without a secret', async () => {
    const unknown = await github('repository_dispatch', payload(), { project: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'ADO_PROJECT_NOT_FOUND' });
    const bare = await github('repository_dispatch', payload(), { project: 'bare' });
    expect(bare.status).toBe(401);
    expect(bare.json.error).toMatchObject({ message: 'project "bare" has no github webhook secret, so no delivery can be verified' });
  });

  it('answers 400 for a malformed body or a missing delivery header, after checking the signature', async () => {
    const signed = (body: string | Uint8Array, extra: Record<string, string> = {}) => h.post('/v1/projects/shop/webhooks/github', body, {
      'x-github-event': 'push', 'x-github-delivery': newId(), 'x-hub-signature-256': signGithubBody(secrets.github, body), ...extra,
    });
    const notJson = await signed('{"ref": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatchObject({ code: 'ADO_REQUEST_INVALID', message: expect.stringMatching(/^the delivery body is not valid JSON/) });
    expect((await signed('[1, 2]')).json.error).toMatchObject({ message: 'the delivery body must be a JSON object' });
    expect((await signed(new Uint8Array([0x7b, 0xff, 0x7d]))).json.error).toMatchObject({ message: 'the delivery body is not UTF-8 text' });
    const noId = await h.post('/v1/projects/shop/webhooks/github', '{}', { 'x-github-event': 'push', 'x-hub-signature-256': signGithubBody(secrets.github, '{}') });
    expect(noId.json.error).toMatchObject({ code: 'ADO_REQUEST_INVALID', message: 'the delivery has no X-GitHub-Delivery header' });
    expect((await signed('{}', { 'x-github-delivery': 'x'.repeat(201) })).status).toBe(400);
    expect(h.dispatched).toEqual([]);
  });
});

describe('dispatch failures', () => {
  const original = () => h.dispatch;

  it('forgets the delivery when no run could be started, so a redelivery is acted on', async () => {
    const keep = original();
    h.dispatch = () => {
      throw new AutodevopsError('ADO_WORKFLOW_INVALID', 'ops.yml: 1 error');
    };
    const id = newId();
    const res = await github('repository_dispatch', githubExample('repository_dispatch'), { id });
    h.dispatch = keep;
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'ADO_WORKFLOW_INVALID', message: 'no run could be started; .github/workflows/ops.yml: ops.yml: 1 error' });
    expect(h.log.has('shop', id)).toBe(false);
    expect((await github('repository_dispatch', githubExample('repository_dispatch'), { id })).status).toBe(202);
  });

  it('keeps the delivery and lists the failures when some runs started', async () => {
    const keep = original();
    h.dispatch = async (project, workflowId, trigger) => {
      if (trigger.event === 'pull_request_target') throw new Error('disk full');
      return keep(project, workflowId, trigger);
    };
    const res = await github('pull_request', githubExample('pull_request', (p) => p.action === 'opened'));
    h.dispatch = keep;
    expect(res.status).toBe(202);
    expect(res.json.runs).toHaveLength(1);
    expect(res.json.failed).toEqual([{ workflow: '.github/workflows/closed.yml', event: 'pull_request_target', code: 'ADO_INTERNAL', message: 'the server failed to handle this request' }]);
  });

  it('forgets the delivery when the workflows cannot be listed', async () => {
    const failing = await startWebhookHarness(() => {
      throw new Error('registry down');
    }, matchTrigger);
    const id = newId();
    const body = JSON.stringify({ ref: 'refs/heads/main', after: 'abc' });
    const res = await failing.post('/v1/projects/shop/webhooks/github', body, {
      'x-github-event': 'push', 'x-github-delivery': id, 'x-hub-signature-256': signGithubBody(secrets.github, body),
    });
    expect(res.status).toBe(500);
    expect(res.json.error).toMatchObject({ code: 'ADO_INTERNAL' });
    expect(failing.log.has('shop', id)).toBe(false);
    await failing.close();
  });
});

const gitlabProject = { id: 15, name: 'shop', default_branch: 'main', path_with_namespace: 'acme/shop' };
const gitlabPush = {
  object_kind: 'push', event_name: 'push', before: '95790bf891e76fee5e1747ab589903a6a1f80f22', after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
  ref: 'refs/heads/master', checkout_sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', project: gitlabProject, total_commits_count: 1,
  commits: [{ id: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', message: 'Update docs', added: ['docs/a.md'], modified: [], removed: [] }],
};
const gitlabMergeRequest = {
  object_kind: 'merge_request', event_type: 'merge_request', project: gitlabProject,
  object_attributes: { iid: 1, action: 'open', source_branch: 'ms-viewport', target_branch: 'master', state: 'opened', last_commit: { id: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7' } },
};

function gitlab(payload: object, headers: Record<string, string> = {}) {
  return h.post('/v1/projects/shop/webhooks/gitlab', JSON.stringify(payload), {
    'content-type': 'application/json', 'x-gitlab-token': secrets.gitlab, 'x-gitlab-event-uuid': newId(), ...headers,
  });
}

describe('GitLab deliveries', () => {
  it('maps a push and a merge request onto push and pull_request workflows', async () => {
    expect((await gitlab(gitlabPush, { 'x-gitlab-event': 'Push Hook' })).status).toBe(202);
    await gitlab(gitlabMergeRequest, { 'x-gitlab-event': 'Merge Request Hook' });
    expect(started()).toEqual(['ci.yml:pull_request', 'ci.yml:push', 'closed.yml:pull_request_target']);
    expect(h.dispatched.find((d) => d.trigger.event === 'pull_request')!.trigger).toMatchObject({
      ref: 'refs/merge-requests/1/head', source: { forge: 'gitlab', event: 'merge_request', action: 'open' },
    });
  });

  it('refuses a wrong or missing token', async () => {
    expect((await gitlab(gitlabPush, { 'x-gitlab-token': 'gl-tokem' })).status).toBe(401);
    const missing = await h.post('/v1/projects/shop/webhooks/gitlab', JSON.stringify(gitlabPush), { 'x-gitlab-event-uuid': newId() });
    expect(missing.json.error).toMatchObject({ code: 'ADO_WEBHOOK_SIGNATURE', message: 'the X-Gitlab-Token header is missing or wrong' });
  });

  it('uses Idempotency-Key to recognise a retried delivery', async () => {
    const key = newId();
    await gitlab(gitlabPush, { 'idempotency-key': key });
    expect((await gitlab(gitlabPush, { 'idempotency-key': key })).json).toEqual({ runs: [], ignored: 'duplicate delivery' });
    expect(h.dispatched).toHaveLength(1);
  });

  it('ignores hooks it does not map', async () => {
    const res = await gitlab({ object_kind: 'pipeline' }, { 'x-gitlab-event': 'Pipeline Hook' });
    expect(res).toEqual({ status: 202, json: { runs: [], ignored: expect.stringMatching(/^GitLab event "Pipeline Hook" starts no workflow/) } });
  });
});

describe('generic HMAC deliveries', () => {
  const body = JSON.stringify({ action: 'on-demand-test', client_payload: { version: '1.2' } });
  function generic(overrides: Record<string, string> = {}, secret: string = secrets.hmac) {
    const headers = { 'x-autodevops-delivery': newId(), 'x-autodevops-event': 'repository_dispatch', 'x-autodevops-timestamp': String(Math.floor(clock / 1000)), ...overrides };
    const signature = signGenericDelivery(secret, {
      timestamp: headers['x-autodevops-timestamp'], deliveryId: headers['x-autodevops-delivery'], event: headers['x-autodevops-event'], body,
    });
    return h.post('/v1/projects/shop/webhooks/generic', body, { 'x-autodevops-signature': signature, ...headers });
  }

  it('starts the workflows of a signed, fresh delivery', async () => {
    const res = await generic();
    expect(res.status).toBe(202);
    expect(h.dispatched[0]!.trigger).toMatchObject({ event: 'repository_dispatch', source: { forge: 'generic', event: 'repository_dispatch' } });
  });

  it('refuses a stale timestamp, a wrong secret and a missing signature', async () => {
    const stale = await generic({ 'x-autodevops-timestamp': String(Math.floor(clock / 1000) - 301) });
    expect(stale.status).toBe(401);
    expect(stale.json.error).toMatchObject({ message: expect.stringMatching(/301 s away from the server's clock/) });
    expect((await generic({}, 'other')).status).toBe(401);
    const unsigned = await h.post('/v1/projects/shop/webhooks/generic', body, { 'x-autodevops-delivery': newId() });
    expect(unsigned.json.error).toMatchObject({ code: 'ADO_WEBHOOK_SIGNATURE', message: 'the delivery has no X-Autodevops-Signature header' });
    const noEvent = await h.post('/v1/projects/shop/webhooks/generic', body, { 'x-autodevops-signature': 'sha256=00', 'x-autodevops-delivery': newId() });
    expect(noEvent.status).toBe(400);
    expect(h.dispatched).toEqual([]);
  });

  it('refuses a replay of the same delivery within the time window', async () => {
    const id = newId();
    await generic({ 'x-autodevops-delivery': id });
    clock += 60_000;
    expect((await generic({ 'x-autodevops-delivery': id, 'x-autodevops-timestamp': String(Math.floor((clock - 60_000) / 1000)) })).json.ignored).toBe('duplicate delivery');
    expect(h.dispatched).toHaveLength(1);
  });
});

describe('the OpenAPI document', () => {
  it('describes the three webhook routes without bearer security', () => {
    const doc = h.api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    for (const kind of ['github', 'gitlab', 'generic']) {
      const op = doc.paths?.[`/v1/projects/{project}/webhooks/${kind}`]?.post;
      expect(op?.security).toEqual([]);
      expect(Object.keys(op?.responses ?? {})).toEqual(['200', '202', '400', '401', '404']);
    }
  });
});
