import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../test/server/harness.ts';

describe('graceful shutdown', () => {
  it('ends open event streams and long polls, stops accepting connections and closes the app', async () => {
    const t = await startTestServer();
    await t.register('gate');
    const runId = await t.dispatch('gate');
    await t.settle(runId);
    const runStream = await t.call(t.p(`/runs/${runId}/events`));
    const projectStream = await t.call(t.p('/events'));
    const bodies = [runStream.text(), projectStream.text()];
    const poll = t.call(t.p(`/runs/${runId}/logs?afterSeq=999999&follow=true&wait=60`));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await t.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const body of bodies) expect(await body).toContain('event: run.created');
    expect(await (await poll).json()).toEqual({ chunks: [], completed: false });
    await expect(fetch(`${t.server.url}/healthz`)).rejects.toThrow();
    await t.server.close();
  });
});
