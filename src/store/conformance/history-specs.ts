/** Conformance specs for the history: append (group commit) and history. */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../core/events.ts';
import type { Store } from '../../engine/ports/store.ts';
import { chunk, createRun, expectCode, runCreated, seqs, stepEvents, summary, type UseStore } from './fixtures.ts';

/** Everything a failed append must have left untouched. */
async function snapshot(store: Store, runIds: string[]): Promise<unknown> {
  return Promise.all(runIds.map(async (id) => ({
    run: await store.getRun(id),
    history: await store.history(id),
    logs: await store.readLogs(id),
    commands: await store.pendingCommands([id]),
  })));
}

/** Specs of `append`. */
export function describeAppend(use: UseStore): void {
  describe('append', () => {
    it('adds events after the last one, in order', async () => {
      await createRun(use(), 'run-a');
      await use().append([{ runId: 'run-a', events: stepEvents(2, 3) }]);
      await use().append([{ runId: 'run-a', events: stepEvents(5, 1) }]);
      expect(await use().history('run-a')).toStrictEqual([runCreated(), ...stepEvents(2, 3), ...stepEvents(5, 1)]);
    });

    it('applies the summary fields given and keeps the others', async () => {
      await createRun(use(), 'run-a', { concurrencyGroup: 'g1' });
      await use().append([{ runId: 'run-a', events: stepEvents(2, 1), summary: { status: 'running', updatedAt: 1500 } }]);
      expect(await use().getRun('run-a')).toStrictEqual(summary('run-a', { concurrencyGroup: 'g1', status: 'running', updatedAt: 1500 }));
      const done = { status: 'completed', conclusion: 'cancelled', updatedAt: 1600, concurrencyGroup: 'g2' } as const;
      await use().append([{ runId: 'run-a', events: stepEvents(3, 1), summary: done }]);
      expect(await use().getRun('run-a')).toStrictEqual(summary('run-a', done));
    });

    it('updates the summary of an entry without events', async () => {
      await createRun(use(), 'run-a');
      await use().append([{ runId: 'run-a', events: [], summary: { status: 'waiting', updatedAt: 1700 } }]);
      expect((await use().getRun('run-a'))?.status).toBe('waiting');
      await use().append([{ runId: 'run-a', events: stepEvents(2, 1) }]);
      expect(await seqs(use(), 'run-a')).toEqual([1, 2]);
    });

    it('commits entries of several runs and their logs together', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      await use().append([
        { runId: 'run-a', events: stepEvents(2, 2), summary: { status: 'running' } },
        { runId: 'run-b', events: stepEvents(2, 1), summary: { status: 'waiting' } },
      ], [chunk('run-a', 1), chunk('run-b', 1)]);
      expect(await seqs(use(), 'run-a')).toEqual([1, 2, 3]);
      expect(await seqs(use(), 'run-b')).toEqual([1, 2]);
      expect((await use().getRun('run-b'))?.status).toBe('waiting');
      expect(await use().readLogs('run-b')).toStrictEqual([chunk('run-b', 1)]);
    });

    it('rejects a colliding seq and rolls the whole group back', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      const taken = await use().enqueueCommand('run-a', 'cancel', {}, 1100);
      const before = await snapshot(use(), ['run-a', 'run-b']);
      await expectCode(use().append([
        { runId: 'run-a', events: stepEvents(2, 2), summary: { status: 'running' }, takenCommandIds: [taken] },
        { runId: 'run-b', events: stepEvents(1, 1), summary: { status: 'running' } },
      ], [chunk('run-a', 1)]), 'ADO_STORE_CONFLICT');
      expect(await snapshot(use(), ['run-a', 'run-b'])).toStrictEqual(before);
    });

    it('lets exactly one of two writers with the same next seq through', async () => {
      await createRun(use(), 'run-a');
      const mine: HistoryEvent[] = stepEvents(2, 2, 5000);
      const theirs: HistoryEvent[] = stepEvents(2, 1, 6000);
      const results = await Promise.allSettled([
        use().append([{ runId: 'run-a', events: mine }]),
        use().append([{ runId: 'run-a', events: theirs }]),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = [mine, theirs][results.findIndex((r) => r.status === 'fulfilled')]!;
      expect(await use().history('run-a')).toStrictEqual([runCreated(), ...winner]);
    });

    it('rejects events that skip a seq, storing nothing', async () => {
      await createRun(use(), 'run-a');
      await expectCode(use().append([{ runId: 'run-a', events: stepEvents(3, 1) }]), 'ADO_STORE_CONFLICT');
      await expect(use().append([{ runId: 'run-a', events: [...stepEvents(2, 1), ...stepEvents(4, 1)] }])).rejects.toThrow(/seq/);
      expect(await seqs(use(), 'run-a')).toEqual([1]);
    });

    it('rejects events for an unknown run', async () => {
      await expectCode(use().append([{ runId: 'nope', events: stepEvents(1, 1) }]), 'ADO_RUN_NOT_FOUND');
      expect(await use().history('nope')).toEqual([]);
    });

    it('keeps a large group in order', async () => {
      await createRun(use(), 'run-a');
      await use().append([{ runId: 'run-a', events: stepEvents(2, 500) }]);
      expect(await seqs(use(), 'run-a')).toEqual(Array.from({ length: 501 }, (_, i) => i + 1));
    });
  });
}

/** Specs of `history`. */
export function describeHistory(use: UseStore): void {
  describe('history', () => {
    it('returns events exactly as appended', async () => {
      const completed: HistoryEvent = {
        type: 'step.completed', seq: 2, at: 2500, jobKey: 'build', index: 0, attempt: 1, outcome: 'failure', conclusion: 'success',
        outputs: { a: 'ü "quoted" \n' }, annotations: [{ level: 'error', message: 'boom', file: 'a.ts', line: 3 }],
        error: { message: 'exit 1', kind: 'failed' },
      };
      await createRun(use(), 'run-a');
      await use().append([{ runId: 'run-a', events: [completed] }]);
      expect(await use().history('run-a')).toStrictEqual([runCreated(), completed]);
    });

    it('returns only events after `afterSeq`', async () => {
      await createRun(use(), 'run-a');
      await use().append([{ runId: 'run-a', events: stepEvents(2, 4) }]);
      expect((await use().history('run-a', 3)).map((e) => e.seq)).toEqual([4, 5]);
      expect(await use().history('run-a', 5)).toEqual([]);
      expect((await use().history('run-a', 0)).length).toBe(5);
    });

    it('returns nothing for an unknown run', async () => {
      expect(await use().history('nope')).toEqual([]);
    });
  });
}
