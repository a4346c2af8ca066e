import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, startTestServer, type TestServer } from '../../test/server/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.register('ci');
});
afterAll(() => t.stop());

const list = async (query = ''): Promise<string> => (await t.call(t.p(`/runs${query}`), { role: 'viewer' })).text();

describe('GET …/runs', () => {
  it('answers the same page of finished runs with the same bytes, until a run is added', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await t.dispatch('ci'));
    for (const id of ids) await t.settle(id);
    const page = await list('?limit=2');
    expect(JSON.parse(page)).toMatchObject({ runs: [{ id: ids[2], status: 'completed', workflow: 'ci' }, { id: ids[1] }], next: ids[1] });
    expect(await list('?limit=2')).toBe(page);
    expect(JSON.parse(await list('?limit=5')).runs.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    expect(JSON.parse(await list('?limit=5')).next).toBeUndefined();
    const added = await t.dispatch('ci');
    const withNew = JSON.parse(await list('?limit=2')).runs.map((r: { id: string }) => r.id);
    expect(withNew).toEqual([added, ids[2]]);
    const status = (await t.settle(added)).status;
    expect(status).toBe('completed');
    expect(JSON.parse(await list(`?limit=2&before=${ids[2]}`)).runs.map((r: { id: string }) => r.id)).toEqual([ids[1], ids[0]]);
  });

  it('shows a run that has not finished as it is at each request', async () => {
    await t.register('gate');
    const runId = await t.dispatch('gate');
    const waiting = async (): Promise<string> => JSON.parse(await list('?limit=1')).runs[0].status;
    for (let i = 0; i < 200 && (await waiting()) !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await waiting()).toBe('waiting');
    const approve = await t.call(t.p(`/runs/${runId}/approve`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }) });
    expect(approve.status).toBeLessThan(300);
    expect((await t.settle(runId)).conclusion).toBe('success');
    expect(asJson(JSON.parse(await list('?limit=1'))).runs[0]).toMatchObject({ id: runId, status: 'completed', conclusion: 'success' });
  });
});
