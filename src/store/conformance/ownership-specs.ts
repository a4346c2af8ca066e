/** Conformance specs for run ownership: claimRun, renewLeases, releaseRun. */
import { describe, expect, it } from 'vitest';
import { createRun, owner, stepEvents, type UseStore } from './fixtures.ts';

/** Specs of `claimRun`. */
export function describeClaimRun(use: UseStore): void {
  describe('claimRun', () => {
    it('takes an unowned run and records owner and lease', async () => {
      await createRun(use(), 'run-a');
      expect(await use().claimRun('run-a', owner('w1'), null, 5000)).toBe(true);
      expect(await use().getRun('run-a')).toMatchObject({ owner: owner('w1'), leaseUntil: 5000 });
    });

    it('refuses when the owner is not the expected one, changing nothing', async () => {
      await createRun(use(), 'run-a');
      await use().claimRun('run-a', owner('w1'), null, 5000);
      expect(await use().claimRun('run-a', owner('w2'), null, 6000)).toBe(false);
      expect(await use().claimRun('run-a', owner('w2'), 'w3', 6000)).toBe(false);
      expect(await use().getRun('run-a')).toMatchObject({ owner: owner('w1'), leaseUntil: 5000 });
    });

    it('takes a run over from the expected (e.g. expired) owner', async () => {
      await createRun(use(), 'run-a');
      await use().claimRun('run-a', owner('w1'), null, 5000);
      const w2 = { id: 'w2', pid: 7, host: 'host-b' };
      expect(await use().claimRun('run-a', w2, 'w1', 9000)).toBe(true);
      expect(await use().getRun('run-a')).toMatchObject({ owner: w2, leaseUntil: 9000 });
    });

    it('lets exactly one of many racing claimants win', async () => {
      await createRun(use(), 'run-a');
      const claims = Array.from({ length: 8 }, (_, i) => use().claimRun('run-a', owner(`w${i}`), null, 5000 + i));
      const won = await Promise.all(claims);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await use().getRun('run-a'))?.owner?.id).toBe(`w${won.indexOf(true)}`);
    });

    it('returns false for an unknown run', async () => {
      expect(await use().claimRun('nope', owner('w1'), null, 5000)).toBe(false);
    });
  });
}

/** Specs of `renewLeases`. */
export function describeRenewLeases(use: UseStore): void {
  describe('renewLeases', () => {
    it('extends every lease of the owner and no other', async () => {
      for (const id of ['run-a', 'run-b', 'run-c']) await createRun(use(), id);
      await use().claimRun('run-a', owner('w1'), null, 5000);
      await use().claimRun('run-b', owner('w1'), null, 5000);
      await use().claimRun('run-c', owner('w2'), null, 5000);
      await use().renewLeases('w1', 8000);
      const leases = await Promise.all(['run-a', 'run-b', 'run-c'].map(async (id) => (await use().getRun(id))?.leaseUntil));
      expect(leases).toEqual([8000, 8000, 5000]);
    });
  });
}

/** Specs of `releaseRun`. */
export function describeReleaseRun(use: UseStore): void {
  describe('releaseRun', () => {
    it('clears owner and lease, so the run can be claimed as unowned', async () => {
      await createRun(use(), 'run-a');
      await use().claimRun('run-a', owner('w1'), null, 5000);
      await use().releaseRun('run-a', 'w1');
      const run = await use().getRun('run-a');
      expect(run?.owner).toBeUndefined();
      expect(run?.leaseUntil).toBeUndefined();
      expect(await use().claimRun('run-a', owner('w2'), null, 6000)).toBe(true);
    });

    it('does nothing when called by another process', async () => {
      await createRun(use(), 'run-a');
      await use().claimRun('run-a', owner('w1'), null, 5000);
      await use().releaseRun('run-a', 'w2');
      expect((await use().getRun('run-a'))?.owner?.id).toBe('w1');
    });

    it('can ride on an append (release) in the same transaction, for its owner only', async () => {
      await createRun(use(), 'run-a', { owner: owner('w1'), leaseUntil: 5000 });
      expect(await use().getRun('run-a')).toMatchObject({ owner: owner('w1'), leaseUntil: 5000 });
      await use().append([{ runId: 'run-a', events: stepEvents(2, 1), release: 'w2' }]);
      expect((await use().getRun('run-a'))?.owner?.id).toBe('w1');
      await use().append([{ runId: 'run-a', events: stepEvents(3, 1), release: 'w1' }]);
      expect((await use().getRun('run-a'))?.owner).toBeUndefined();
    });
  });
}
