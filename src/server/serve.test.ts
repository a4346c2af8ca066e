import { describe, expect, it } from 'vitest';
import { asJson, jsonPost, startTestServer } from '../../test/server/harness.ts';

describe('graceful shutdown', () => {
  it('ends open event streams, stops accepting connections and closes the app', async () => {
    const t = await startTestServer();
    const { runId } = await t.call('/v1/runs', jsonPost({ workflow: '.github/workflows/gate.yml' })).then((r) => r.json()).then(asJson);
    const stream = await t.call(`/v1/runs/${runId}/events`);
    const body = stream.text();
    await t.stop();
    expect(await body).toContain('event: run.created');
    await expect(fetch(`${t.server.url}/healthz`)).rejects.toThrow();
    await t.server.close();
  });
});
