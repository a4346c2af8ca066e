/** Conformance specs for job-level concurrency slots: acquireSlot, freeSlot, and release with append. */
import { describe, expect, it } from 'vitest';
import { createRun, stepEvents, type UseStore } from './fixtures.ts';

/** Specs of the concurrency slots. */
export function describeSlots(use: UseStore): void {
  describe('acquireSlot / freeSlot', () => {
    it('gives a free group to the first job, tells others who holds it, and is idempotent for the holder', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      expect(await use().acquireSlot('deploy', { runId: 'run-a', jobKey: 'd' }, 1)).toBeUndefined();
      expect(await use().acquireSlot('deploy', { runId: 'run-a', jobKey: 'd' }, 2)).toBeUndefined();
      expect(await use().acquireSlot('deploy', { runId: 'run-b', jobKey: 'd' }, 3)).toEqual({ runId: 'run-a', jobKey: 'd' });
      expect(await use().acquireSlot('other', { runId: 'run-b', jobKey: 'd' }, 3)).toBeUndefined();
    });

    it('frees a group only for its holder', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      await use().acquireSlot('deploy', { runId: 'run-a', jobKey: 'd' }, 1);
      await use().freeSlot('deploy', { runId: 'run-b', jobKey: 'd' });
      expect(await use().acquireSlot('deploy', { runId: 'run-b', jobKey: 'd' }, 2)).toEqual({ runId: 'run-a', jobKey: 'd' });
      await use().freeSlot('deploy', { runId: 'run-a', jobKey: 'd' });
      expect(await use().acquireSlot('deploy', { runId: 'run-b', jobKey: 'd' }, 3)).toBeUndefined();
    });

    it('releases a job\'s slots, or all of a run\'s, in the same transaction as an append', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      await use().acquireSlot('g1', { runId: 'run-a', jobKey: 'x' }, 1);
      await use().acquireSlot('g2', { runId: 'run-a', jobKey: 'y' }, 1);
      await use().append([{ runId: 'run-a', events: stepEvents(2, 1), releaseSlots: ['x'] }]);
      expect(await use().acquireSlot('g1', { runId: 'run-b', jobKey: 'x' }, 2)).toBeUndefined();
      expect(await use().acquireSlot('g2', { runId: 'run-b', jobKey: 'y' }, 2)).toEqual({ runId: 'run-a', jobKey: 'y' });
      await use().append([{ runId: 'run-a', events: stepEvents(3, 1), releaseSlots: ['*'] }]);
      expect(await use().acquireSlot('g2', { runId: 'run-b', jobKey: 'y' }, 3)).toBeUndefined();
    });
  });
}
