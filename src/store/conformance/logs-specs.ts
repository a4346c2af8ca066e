/** Conformance specs for `readLogs`. */
import { describe, expect, it } from 'vitest';
import { chunk, createRun, expectCode, seqs, stepEvents, type UseStore } from './fixtures.ts';

/** Specs of `readLogs`. */
export function describeReadLogs(use: UseStore): void {
  describe('readLogs', () => {
    const seed = async (): Promise<void> => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      await use().append([], [chunk('run-a', 1, 'build/0'), chunk('run-a', 2, 'build/1'), chunk('run-b', 1)]);
      await use().append([], [chunk('run-a', 3, 'build/0', 'ünïcode ✓\r\n'), chunk('run-a', 4, 'build')]);
    };

    it('returns a run\'s chunks in seq order', async () => {
      await seed();
      expect(await use().readLogs('run-a')).toStrictEqual([
        chunk('run-a', 1, 'build/0'), chunk('run-a', 2, 'build/1'), chunk('run-a', 3, 'build/0', 'ünïcode ✓\r\n'), chunk('run-a', 4, 'build'),
      ]);
    });

    it('filters by step', async () => {
      await seed();
      expect((await use().readLogs('run-a', { stepKey: 'build/0' })).map((c) => c.seq)).toEqual([1, 3]);
      expect((await use().readLogs('run-a', { stepKey: 'build' })).map((c) => c.seq)).toEqual([4]);
    });

    it('reads ranges with afterSeq and limit', async () => {
      await seed();
      const seqsOf = async (query: Parameters<ReturnType<typeof use>['readLogs']>[1]): Promise<number[]> =>
        (await use().readLogs('run-a', query)).map((c) => c.seq);
      expect(await seqsOf({ afterSeq: 1, limit: 2 })).toEqual([2, 3]);
      expect(await seqsOf({ afterSeq: 3 })).toEqual([4]);
      expect(await seqsOf({ afterSeq: 4 })).toEqual([]);
      expect(await seqsOf({ stepKey: 'build/0', afterSeq: 1, limit: 5 })).toEqual([3]);
    });

    it('rejects chunks of an unknown run with the events they came with', async () => {
      await createRun(use(), 'run-a');
      await expectCode(use().append([{ runId: 'run-a', events: stepEvents(2, 1) }], [chunk('run-a', 1), chunk('nope', 1)]), 'ADO_RUN_NOT_FOUND');
      expect(await use().readLogs('run-a')).toEqual([]);
      expect(await seqs(use(), 'run-a')).toEqual([1]);
    });

    it('returns nothing for an unknown run', async () => {
      expect(await use().readLogs('nope')).toEqual([]);
    });
  });
}
