/** Conformance specs for the command inbox: enqueueCommand, pendingCommands, taking with append. */
import { describe, expect, it } from 'vitest';
import { createRun, expectCode, seqs, stepEvents, type UseStore } from './fixtures.ts';

/** Specs of `enqueueCommand`. */
export function describeEnqueueCommand(use: UseStore): void {
  describe('enqueueCommand', () => {
    it('returns increasing ids', async () => {
      await createRun(use(), 'run-a');
      const first = await use().enqueueCommand('run-a', 'approve', { by: 'ana' }, 1100);
      const second = await use().enqueueCommand('run-a', 'cancel', {}, 1200);
      expect(second).toBeGreaterThan(first);
    });

    it('rejects a command for an unknown run', async () => {
      await expectCode(use().enqueueCommand('nope', 'cancel', {}, 1100), 'ADO_RUN_NOT_FOUND');
    });
  });
}

/** Specs of `pendingCommands`, including exactly-once taking through `append`. */
export function describePendingCommands(use: UseStore): void {
  describe('pendingCommands', () => {
    it('returns the untaken commands of the runs asked for, oldest first', async () => {
      for (const id of ['run-a', 'run-b', 'run-c']) await createRun(use(), id);
      const a1 = await use().enqueueCommand('run-a', 'signal', { name: 'go', payload: { n: [1, 'ü'] } }, 1100);
      const b1 = await use().enqueueCommand('run-b', 'decide', { action: 'retry' }, 1200);
      await use().enqueueCommand('run-c', 'cancel', {}, 1300);
      const a2 = await use().enqueueCommand('run-a', 'cancel', { reason: 'x' }, 1400);
      expect(await use().pendingCommands(['run-a', 'run-b'])).toStrictEqual([
        { id: a1, runId: 'run-a', at: 1100, type: 'signal', data: { name: 'go', payload: { n: [1, 'ü'] } } },
        { id: b1, runId: 'run-b', at: 1200, type: 'decide', data: { action: 'retry' } },
        { id: a2, runId: 'run-a', at: 1400, type: 'cancel', data: { reason: 'x' } },
      ]);
      expect(await use().pendingCommands([])).toEqual([]);
    });

    it('drops a command once an append takes it', async () => {
      await createRun(use(), 'run-a');
      const c1 = await use().enqueueCommand('run-a', 'cancel', {}, 1100);
      const c2 = await use().enqueueCommand('run-a', 'approve', {}, 1200);
      await use().append([{ runId: 'run-a', events: stepEvents(2, 1), takenCommandIds: [c1] }]);
      expect((await use().pendingCommands(['run-a'])).map((c) => c.id)).toEqual([c2]);
    });

    it('lets a command be taken exactly once', async () => {
      await createRun(use(), 'run-a');
      const c1 = await use().enqueueCommand('run-a', 'cancel', {}, 1100);
      await use().append([{ runId: 'run-a', events: stepEvents(2, 1), takenCommandIds: [c1] }]);
      await expectCode(use().append([{ runId: 'run-a', events: stepEvents(3, 1), takenCommandIds: [c1] }]), 'ADO_STORE_CONFLICT');
      expect(await seqs(use(), 'run-a')).toEqual([1, 2]);
    });

    it('refuses to take another run\'s command', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      const b1 = await use().enqueueCommand('run-b', 'cancel', {}, 1100);
      await expectCode(use().append([{ runId: 'run-a', events: stepEvents(2, 1), takenCommandIds: [b1] }]), 'ADO_STORE_CONFLICT');
      expect((await use().pendingCommands(['run-b'])).map((c) => c.id)).toEqual([b1]);
      expect(await seqs(use(), 'run-a')).toEqual([1]);
    });
  });
}
