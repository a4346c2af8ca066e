import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, startTestServer, type TestServer } from '../../test/server/harness.ts';
import { readSse, type SseMessage } from '../../test/server/sse-reader.ts';
import { interleave, parseEventId } from './sse.ts';

let t: TestServer;
beforeAll(async () => {
  const steps = [1, 2, 3, 4].map((i) => `      - run: sleep 0.1; echo step${i}`).join('\n');
  t = await startTestServer({ '.github/workflows/slow.yml': `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n` });
  await t.register('slow');
  await t.register('ci');
});
afterAll(async () => {
  await t.stop();
});

const read = readSse;

const historySeqs = (ms: SseMessage[]): number[] => ms.flatMap((m) => (m.data.event ? [m.data.event.seq] : []));
const logSeqs = (ms: SseMessage[]): number[] => ms.flatMap((m) => (m.data.chunk ? [m.data.chunk.seq] : []));

describe('run events over SSE', () => {
  it('streams step.completed events live and resumes with Last-Event-ID without gaps or repeats', async () => {
    const runId = await t.dispatch('slow');
    const first = await t.call(t.p(`/runs/${runId}/events`), { role: 'viewer' });
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    const before = await read(first, (m) => m.event === 'step.completed');
    expect(before.at(-1)!.data.event).toMatchObject({ type: 'step.completed' });
    // The run goes on while nobody listens; the reconnect gets what was missed, then the rest live.
    await new Promise((r) => setTimeout(r, 150));
    const second = await t.call(t.p(`/runs/${runId}/events`), { role: 'viewer', headers: { 'last-event-id': before.at(-1)!.id } });
    const after = await read(second, () => false);
    expect(after.at(-1)!.event).toBe('run.completed');
    const all = [...before, ...after];
    expect(all.filter((m) => m.event === 'step.completed')).toHaveLength(4);
    const history = await t.call(t.p(`/runs/${runId}/logs`));
    const seqs = historySeqs(all);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBe(seqs.at(-1)! - seqs[0]! + 1);
    const logs = logSeqs(all);
    expect(logs).toEqual((await history.json().then(asJson)).chunks.map((c: { seq: number }) => c.seq));
    expect(all.filter((m) => m.event === 'log').map((m) => m.data.chunk.text).join('')).toContain('step4');
  });

  it('replays a completed run from the start and ends the stream', async () => {
    const runId = await t.dispatch('ci');
    const live = await read(await t.call(t.p(`/runs/${runId}/events`)), () => false);
    const replayed = await read(await t.call(t.p(`/runs/${runId}/events`)), () => false);
    expect(historySeqs(replayed)).toEqual(historySeqs(live));
    expect(replayed[0]!.event).toBe('run.created');
    const resumedAtEnd = await read(await t.call(t.p(`/runs/${runId}/events`), { headers: { 'last-event-id': replayed.at(-1)!.id } }), () => false);
    expect(resumedAtEnd).toEqual([]);
  });

  it('parses event ids, starting over on a malformed one', () => {
    expect(parseEventId('12.-1')).toEqual({ history: 12, log: -1 });
    expect(parseEventId('garbage')).toEqual({ history: -1, log: -1 });
    expect(parseEventId(undefined)).toEqual({ history: -1, log: -1 });
  });
});

describe('interleave', () => {
  it('merges by time and keeps each kind in order when the clock steps back', () => {
    const h = (seq: number, at: number) => ({ kind: 'history' as const, runId: 'r', event: { type: 'run.started' as const, seq, at } });
    const l = (seq: number, at: number) => ({ kind: 'log' as const, runId: 'r', chunk: { runId: 'r', stepKey: 'a', seq, at, stream: 'stdout' as const, text: '' } });
    const merged = interleave([h(1, 10), h(2, 5), h(3, 30)], [l(1, 10), l(2, 20)]);
    expect(merged.map((e) => `${e.kind[0]}${e.kind === 'history' ? e.event.seq : e.kind === 'log' ? e.chunk.seq : ''}`)).toEqual(['h1', 'h2', 'l1', 'l2', 'h3']);
  });
});
