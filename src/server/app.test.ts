import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, jsonPost, startTestServer, type TestServer } from '../../test/server/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

/** Polls GET /v1/runs/{id} until the run is no longer queued or running. */
async function settle(runId: string): Promise<{ status: string; conclusion?: string; jobs: Array<{ steps: unknown[] }> }> {
  for (let i = 0; i < 300; i++) {
    const view = await (await t.call(`/v1/runs/${runId}`)).json().then(asJson);
    if (view.status !== 'queued' && view.status !== 'running') return view;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not settle`);
}

async function dispatch(workflow: string): Promise<string> {
  const res = await t.call('/v1/runs', jsonPost({ workflow, event: 'push' }));
  expect(res.status).toBe(202);
  return (await res.json().then(asJson)).runId;
}

describe('runs', () => {
  it('dispatches a workflow and reports it through get, list and logs', async () => {
    const runId = await dispatch('.github/workflows/ci.yml');
    const view = await settle(runId);
    expect(view).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(view.jobs[0]!.steps).toHaveLength(2);
    const list = await (await t.call('/v1/runs?status=completed&limit=1')).json().then(asJson);
    expect(list.runs[0].id).toBe(runId);
    expect(list.next).toBe(runId);
    const older = await (await t.call(`/v1/runs?before=${runId}`)).json().then(asJson);
    expect(older.runs.map((r: { id: string }) => r.id)).not.toContain(runId);
    const { chunks } = await (await t.call(`/v1/runs/${runId}/logs?step=build/0`)).json().then(asJson);
    expect(chunks.map((c: { text: string }) => c.text).join('')).toContain('hello');
    const after = await (await t.call(`/v1/runs/${runId}/logs?afterSeq=${chunks.at(-1).seq}&step=build/0`)).json().then(asJson);
    expect(after.chunks).toEqual([]);
  });

  it('retries a run, as a new run', async () => {
    const runId = await dispatch('.github/workflows/ci.yml');
    await settle(runId);
    const res = await t.call(`/v1/runs/${runId}/retry`, jsonPost({ failedOnly: true }));
    expect(res.status).toBe(202);
    const { runId: newId } = await res.json().then(asJson);
    expect(newId).not.toBe(runId);
    expect(await settle(newId)).toMatchObject({ conclusion: 'success' });
    const bare = await t.call(`/v1/runs/${runId}/retry`, { method: 'POST' });
    expect(bare.status).toBe(202);
    await settle((await bare.json().then(asJson)).runId);
  });

  it('approves a gate, with the token name as approver', async () => {
    const runId = await dispatch('.github/workflows/gate.yml');
    expect(await settle(runId)).toMatchObject({ status: 'waiting' });
    const res = await t.call(`/v1/runs/${runId}/approve`, jsonPost({ decision: 'approve', comment: 'ship it' }));
    expect(res.status).toBe(202);
    expect(await settle(runId)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('rejects a gate and cancels a waiting run', async () => {
    const rejected = await dispatch('.github/workflows/gate.yml');
    await settle(rejected);
    expect((await t.call(`/v1/runs/${rejected}/approve`, jsonPost({ decision: 'reject' }))).status).toBe(202);
    expect(await settle(rejected)).toMatchObject({ conclusion: 'failure' });
    const cancelled = await dispatch('.github/workflows/gate.yml');
    await settle(cancelled);
    expect((await t.call(`/v1/runs/${cancelled}/cancel`, { method: 'POST' })).status).toBe(202);
    expect(await settle(cancelled)).toMatchObject({ conclusion: 'cancelled' });
  });
});

describe('bad input', () => {
  const expectError = async (res: Response, status: number, code: string): Promise<{ error: { message: string; hint: string; diagnostics: unknown[] } }> => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json().then(asJson);
    expect(body.error).toMatchObject({ code, message: expect.any(String), hint: expect.any(String), diagnostics: expect.any(Array) });
    return body;
  };

  it('answers malformed JSON, unknown fields and wrong types with 400 ADO_REQUEST_INVALID', async () => {
    await expectError(await t.call('/v1/runs', jsonPost('{"workflow": ')), 400, 'ADO_REQUEST_INVALID');
    const unknown = await expectError(await t.call('/v1/runs', jsonPost({ workflow: 'ci.yml', surprise: 1 })), 400, 'ADO_REQUEST_INVALID');
    expect(JSON.stringify(unknown)).toContain('surprise');
    const wrong = await expectError(await t.call('/v1/runs', jsonPost({ workflow: 42 })), 400, 'ADO_REQUEST_INVALID');
    expect(wrong.error.message).toContain('json.workflow');
    await expectError(await t.call('/v1/runs', jsonPost({ workflow: 'x', inputs: { a: 1 } })), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call('/v1/runs?limit=0'), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call('/v1/runs?status=nope'), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call('/v1/runs?colour=red'), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call('/v1/runs/x/approve', jsonPost({ decision: 'maybe' })), 400, 'ADO_REQUEST_INVALID');
  });

  it('refuses workflow paths outside the working directory, and reports engine input errors', async () => {
    await expectError(await t.call('/v1/runs', jsonPost({ workflow: '../elsewhere.yml' })), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call('/v1/runs', jsonPost({ workflow: '/etc/passwd' })), 400, 'ADO_REQUEST_INVALID');
    await expectError(await t.call('/v1/runs', jsonPost({ workflow: 'missing.yml' })), 404, 'ADO_WORKFLOW_NOT_FOUND');
    await expectError(await t.call('/v1/runs', jsonPost({ workflow: '.github/workflows/ci.yml', event: 'release' })), 400, 'ADO_EVENT_UNKNOWN');
  });

  it('answers unknown runs and routes with 404', async () => {
    for (const p of ['/v1/runs/zzzz', '/v1/runs/zzzz/logs', '/v1/runs/zzzz/events']) await expectError(await t.call(p), 404, 'ADO_RUN_NOT_FOUND');
    for (const p of ['cancel', 'retry']) await expectError(await t.call(`/v1/runs/zzzz/${p}`, { method: 'POST' }), 404, 'ADO_RUN_NOT_FOUND');
    await expectError(await t.call('/v1/runs/zzzz/approve', jsonPost({ decision: 'approve' })), 404, 'ADO_RUN_NOT_FOUND');
    await expectError(await t.call('/nowhere'), 404, 'ADO_ROUTE_NOT_FOUND');
  });
});

describe('operations', () => {
  it('serves /healthz without a token', async () => {
    const res = await t.call('/healthz', { role: 'none' });
    expect(await res.json().then(asJson)).toEqual({ status: 'ok' });
  });

  it('serves /metrics as Prometheus text', async () => {
    const res = await t.call('/metrics', { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const lines = (await res.text()).split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^(# (HELP|TYPE) [a-zA-Z_:][\w:]* .*|[a-zA-Z_:][\w:]*(\{.*\})? [-+\d.eE]+|[a-zA-Z_:][\w:]*(\{.*\})? (NaN|[+-]Inf))$/);
    expect(lines.some((l) => l.startsWith('# TYPE '))).toBe(true);
  });

  it('serves a readable reference page', async () => {
    const res = await t.call('/docs', { role: 'viewer' });
    const html = await res.text();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('POST /v1/runs/{id}/approve');
    expect(html).not.toContain('<script');
  });
});
