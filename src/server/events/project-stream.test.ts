import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, jsonPost, startTestServer, type TestServer } from '../../../test/server/harness.ts';
import { readSse, type SseMessage } from '../../../test/server/sse-reader.ts';
import { parseJournalId } from './project-stream.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.register('ci');
});
afterAll(async () => {
  await t.stop();
});

const completes = (runId: string) => (m: SseMessage): boolean => m.event === 'run.completed' && m.data.runId === runId;

describe('the project event stream', () => {
  it('streams every history event of the project\'s runs, in order, starting with run.created', async () => {
    const stream = await t.call(t.p('/events'), { role: 'viewer' });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const runId = await t.dispatch('ci');
    const messages = (await readSse(stream, completes(runId))).filter((m) => m.data.runId === runId);
    expect(messages[0]!.event).toBe('run.created');
    expect(messages[0]!.data.event.workflowSource).toMatchObject({ file: '.github/workflows/ci.yml', text: '' });
    const seqs = messages.map((m) => m.data.event.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const ids = messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(messages.map((m) => m.event)).toContain('step.completed');
  });

  it('resumes after Last-Event-ID with what was missed, without repeats', async () => {
    const runId = await t.dispatch('ci');
    const all = await readSse(await t.call(t.p('/events')), completes(runId));
    const middle = all[Math.floor(all.length / 2)]!;
    const rest = await readSse(await t.call(t.p('/events'), { headers: { 'last-event-id': middle.id } }), completes(runId));
    expect(rest.map((m) => m.id)).toEqual(all.slice(all.indexOf(middle) + 1).map((m) => m.id));
  });

  it('carries no event of another project', async () => {
    t.deps.projects.create('elsewhere');
    const admin = t.deps.tokens.create({ name: 'a', project: 'elsewhere', role: 'admin' }).secret;
    await t.register('ci', { project: 'elsewhere', token: admin });
    const stream = t.call(t.p('/events'));
    const foreign = (await (await t.call('/v1/projects/elsewhere/runs', { ...jsonPost({ workflow: 'ci' }), token: admin })).json().then(asJson)).runId;
    await t.settle(foreign, { project: 'elsewhere', token: admin });
    const ours = await t.dispatch('ci');
    const seen = await readSse(await stream, completes(ours));
    expect(seen.some((m) => m.data.runId === foreign)).toBe(false);
    const theirs = await readSse(await t.call('/v1/projects/elsewhere/events', { token: admin }), completes(foreign));
    expect(theirs.every((m) => m.data.runId === foreign)).toBe(true);
  });

  it('reads a malformed Last-Event-ID as the start', () => {
    expect([parseJournalId('42'), parseJournalId('4.2'), parseJournalId(undefined), parseJournalId('-1')]).toEqual([42, 0, 0, 0]);
  });
});
