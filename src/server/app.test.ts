import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, dbSnapshot, errorOf, jsonPost, startTestServer, type TestServer } from '../../test/server/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.register('ci');
  await t.register('gate');
});
afterAll(async () => {
  await t.stop();
});

describe('runs of a project', () => {
  it('dispatches a registered workflow and reports it through get, list and logs', async () => {
    const runId = await t.dispatch('ci');
    const view = await t.settle(runId);
    expect(view).toMatchObject({ status: 'completed', conclusion: 'success', project: 'demo', workflow: 'ci', workflowFile: '.github/workflows/ci.yml' });
    expect(view.trigger).toMatchObject({ actor: 'ops', runNumber: expect.any(Number) });
    expect(view.jobs[0].steps).toHaveLength(2);
    const list = await (await t.call(t.p('/runs?status=completed&limit=1'))).json().then(asJson);
    expect(list.runs[0]).toMatchObject({ id: runId, workflow: 'ci', status: 'completed' });
    expect(list.next).toBe(runId);
    const older = await (await t.call(t.p(`/runs?before=${runId}`))).json().then(asJson);
    expect(older.runs.map((r: { id: string }) => r.id)).not.toContain(runId);
    const { chunks, completed } = await (await t.call(t.p(`/runs/${runId}/logs?step=build/0`))).json().then(asJson);
    expect(completed).toBe(true);
    expect(chunks.map((c: { text: string }) => c.text).join('')).toContain('hello');
    const after = await (await t.call(t.p(`/runs/${runId}/logs?afterSeq=${chunks.at(-1).seq}&step=build/0`))).json().then(asJson);
    expect(after.chunks).toEqual([]);
    expect((await (await t.call(t.p(`/runs/${runId.slice(0, 12)}`))).json().then(asJson)).id).toBe(runId);
  });

  it('numbers the runs of each workflow and filters the list by workflow and status', async () => {
    const first = await t.settle(await t.dispatch('ci', { event: 'workflow_dispatch' }));
    const second = await t.settle(await t.dispatch('ci'));
    expect(second.trigger.runNumber).toBe(first.trigger.runNumber + 1);
    expect(first.trigger.event).toBe('workflow_dispatch');
    const gated = await t.dispatch('gate');
    await t.settle(gated);
    const waiting = await (await t.call(t.p('/runs?status=waiting,needs-decision'))).json().then(asJson);
    expect(waiting.runs.map((r: { id: string }) => r.id)).toEqual([gated]);
    const ciOnly = await (await t.call(t.p('/runs?workflow=ci&limit=200'))).json().then(asJson);
    expect(ciOnly.runs.every((r: { workflow: string }) => r.workflow === 'ci')).toBe(true);
    expect(ciOnly.next).toBeUndefined();
    const paged = await (await t.call(t.p('/runs?workflow=ci&status=completed&limit=1'))).json().then(asJson);
    expect(paged.runs).toHaveLength(1);
    expect((await (await t.call(t.p(`/runs?workflow=ci&status=completed&limit=1&before=${paged.next}`))).json().then(asJson)).runs[0].id).not.toBe(paged.next);
    await t.call(t.p(`/runs/${gated}/cancel`), { method: 'POST' });
  });

  it('dispatches from server code (webhooks, schedules) with a payload, ref, sha and actor', async () => {
    const fromPayload = await t.deps.dispatch({ project: 'demo', workflow: 'ci', event: 'push', eventPayload: { ref: 'refs/heads/feature', after: 'a'.repeat(40) }, actor: 'octocat' });
    expect(fromPayload).toMatchObject({ workflow: 'ci', version: expect.any(String) });
    expect((await t.settle(fromPayload.runId)).trigger).toMatchObject({ event: 'push', ref: 'refs/heads/feature', sha: 'a'.repeat(40), actor: 'octocat', payload: { ref: 'refs/heads/feature' } });
    const explicit = await t.deps.dispatch({ project: 'demo', workflow: 'ci', event: 'workflow_dispatch', ref: 'refs/pull/7/merge', sha: 'b'.repeat(40), actor: 'schedule' });
    expect((await t.settle(explicit.runId)).trigger).toMatchObject({ event: 'workflow_dispatch', ref: 'refs/pull/7/merge', sha: 'b'.repeat(40) });
    expect(t.deps.workflows.withTriggers('demo').map((w) => [w.workflowId, Object.keys(w.on)])).toEqual([['ci', ['push', 'workflow_dispatch']], ['gate', ['push']]]);
  });

  it('follows logs with a long poll that answers when the run writes', async () => {
    const runId = await t.dispatch('gate');
    await t.settle(runId);
    const seen = await (await t.call(t.p(`/runs/${runId}/logs`))).json().then(asJson);
    const last = seen.chunks.at(-1)?.seq ?? -1;
    const polling = t.call(t.p(`/runs/${runId}/logs?afterSeq=${last}&follow=true&wait=20`));
    await t.call(t.p(`/runs/${runId}/approve`), jsonPost({ decision: 'approve' }));
    const next = await (await polling).json().then(asJson);
    expect(next.chunks.length).toBeGreaterThan(0);
    expect(next.chunks[0].seq).toBeGreaterThan(last);
    const done = await t.settle(runId);
    const tail = await (await t.call(t.p(`/runs/${runId}/logs?afterSeq=999999&follow=true&wait=5`))).json().then(asJson);
    expect([done.conclusion, tail]).toEqual(['success', { chunks: [], completed: true }]);
    const limited = await (await t.call(t.p(`/runs/${runId}/logs?limit=1`))).json().then(asJson);
    expect([limited.chunks.length, limited.completed]).toEqual([1, false]);
  });

  it('retries a run as a new run of the same project, workflow and version', async () => {
    const runId = await t.dispatch('ci');
    await t.settle(runId);
    const res = await t.call(t.p(`/runs/${runId}/retry`), jsonPost({ failedOnly: true }));
    expect(res.status).toBe(202);
    const body = await res.json().then(asJson);
    expect(body).toMatchObject({ workflow: 'ci', version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body.runId).not.toBe(runId);
    expect(await t.settle(body.runId)).toMatchObject({ conclusion: 'success', project: 'demo', workflow: 'ci' });
    const bare = await t.call(t.p(`/runs/${runId}/retry`), { method: 'POST' });
    expect(bare.status).toBe(202);
    await t.settle((await bare.json().then(asJson)).runId);
  });

  it('approves a gate with the token name as approver, rejects one, cancels a waiting run', async () => {
    const approved = await t.dispatch('gate');
    expect(await t.settle(approved)).toMatchObject({ status: 'waiting' });
    expect((await t.call(t.p(`/runs/${approved}/approve`), jsonPost({ decision: 'approve', comment: 'ship it' }))).status).toBe(202);
    expect(await t.settle(approved)).toMatchObject({ status: 'completed', conclusion: 'success' });
    const rejected = await t.dispatch('gate');
    await t.settle(rejected);
    expect((await t.call(t.p(`/runs/${rejected}/approve`), jsonPost({ decision: 'reject' }))).status).toBe(202);
    expect(await t.settle(rejected)).toMatchObject({ conclusion: 'failure' });
    const cancelled = await t.dispatch('gate');
    await t.settle(cancelled);
    expect((await t.call(t.p(`/runs/${cancelled}/cancel`), { method: 'POST' })).status).toBe(202);
    expect(await t.settle(cancelled)).toMatchObject({ conclusion: 'cancelled' });
  });
});

describe('bad input', () => {
  const expectError = async (res: Response, status: number, code: string): Promise<{ message: string }> => {
    expect(res.headers.get('content-type')).toContain('application/json');
    const error = await errorOf(res);
    expect([error.status, error.code]).toEqual([status, code]);
    expect(error.body.error).toMatchObject({ message: expect.any(String), hint: expect.any(String), diagnostics: expect.any(Array) });
    return error;
  };

  it('answers malformed JSON, unknown fields and wrong types with 400 ADO_REQUEST_INVALID and records nothing', async () => {
    const before = dbSnapshot(t.deps);
    await expectError(await t.call(t.p('/runs'), jsonPost('{"workflow": ')), 400, 'ADO_REQUEST_INVALID');
    const unknown = await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 'ci', surprise: 1 })), 400, 'ADO_REQUEST_INVALID');
    expect(unknown.message).toContain('surprise');
    expect((await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 42 })), 400, 'ADO_REQUEST_INVALID')).message).toContain('json.workflow');
    await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 'ci', inputs: { a: 1 } })), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call(t.p('/runs'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }), 400, 'ADO_REQUEST_INVALID');
    for (const q of ['limit=0', 'status=nope', 'colour=red', 'workflow=Bad_Id']) await expectError(await t.call(t.p(`/runs?${q}`)), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call(t.p('/runs/x/approve'), jsonPost({ decision: 'maybe' })), 400, 'ADO_REQUEST_INVALID');
    expect(dbSnapshot(t.deps)).toBe(before);
  });

  it('refuses unknown workflows, versions and events, and dispatch input errors, without recording a run', async () => {
    const before = dbSnapshot(t.deps);
    await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 'nope' })), 404, 'ADO_NOT_FOUND');
    await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 'ci', version: 'a'.repeat(40) })), 404, 'ADO_NOT_FOUND');
    await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 'ci', event: 'release' })), 400, 'ADO_EVENT_UNKNOWN');
    await expectError(await t.call(t.p('/runs'), jsonPost({ workflow: 'ci', event: 'push', inputs: { x: '1' } })), 400, 'ADO_INPUT_INVALID');
    expect(dbSnapshot(t.deps)).toBe(before);
  });

  it('answers unknown runs and routes with 404', async () => {
    for (const p of ['/runs/zzzz', '/runs/zzzz/logs', '/runs/zzzz/events', '/runs/zzzz/artifacts']) await expectError(await t.call(t.p(p)), 404, 'ADO_RUN_NOT_FOUND');
    for (const p of ['cancel', 'retry']) await expectError(await t.call(t.p(`/runs/zzzz/${p}`), { method: 'POST' }), 404, 'ADO_RUN_NOT_FOUND');
    await expectError(await t.call(t.p('/runs/zzzz/approve'), jsonPost({ decision: 'approve' })), 404, 'ADO_RUN_NOT_FOUND');
    await expectError(await t.call('/nowhere'), 404, 'ADO_ROUTE_NOT_FOUND');
    await expectError(await t.call('/v1/runs'), 404, 'ADO_ROUTE_NOT_FOUND');
  });

  it('answers a gate decision on a run that waits for none with 409', async () => {
    const runId = await t.dispatch('ci');
    await t.settle(runId);
    await expectError(await t.call(t.p(`/runs/${runId}/approve`), jsonPost({ decision: 'approve' })), 409, 'ADO_RUN_STATE');
  });
});

describe('operations', () => {
  it('serves /healthz without a token', async () => {
    const res = await t.call('/healthz', { role: 'none' });
    expect(await res.json().then(asJson)).toEqual({ status: 'ok' });
  });

  it('serves /metrics as Prometheus text to server-wide tokens only', async () => {
    const server = t.deps.tokens.create({ name: 'prometheus', project: '*', role: 'viewer' }).secret;
    const res = await t.call('/metrics', { token: server });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const lines = (await res.text()).split('\n').filter((l) => l !== '');
    expect(lines.some((l) => l.startsWith('# TYPE '))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^(# (HELP|TYPE) [a-zA-Z_:][\w:]* .*|[a-zA-Z_:][\w:]*(\{.*\})? [-+\d.eE]+|[a-zA-Z_:][\w:]*(\{.*\})? (NaN|[+-]Inf))$/);
    expect((await errorOf(await t.call('/metrics', { role: 'admin' }))).code).toBe('ADO_FORBIDDEN');
  });

  it('serves a readable reference page with each route\'s role', async () => {
    const res = await t.call('/docs', { role: 'viewer' });
    const html = await res.text();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('POST /v1/projects/{project}/runs/{run}/approve</code> <small>(role: operator)</small>');
    expect(html).not.toContain('<script');
  });
});
