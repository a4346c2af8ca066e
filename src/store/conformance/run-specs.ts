/** Conformance specs for creating and finding runs: createRun, getRun, findRun, listRuns. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../engine/ports/store.ts';
import { createRun, expectCode, owner, runCreated, seqs, stepEvents, summary, type UseStore } from './fixtures.ts';

/** Specs of `nextRunNumber`. */
export function describeNextRunNumber(use: UseStore): void {
  describe('nextRunNumber', () => {
    it('counts up from 1 per workflow file', async () => {
      expect(await use().nextRunNumber('ci.yml')).toBe(1);
      expect(await use().nextRunNumber('ci.yml')).toBe(2);
      expect(await use().nextRunNumber('other.yml')).toBe(1);
      expect(await use().nextRunNumber('ci.yml')).toBe(3);
    });

    it('never gives two callers asking at once the same number', async () => {
      const numbers = await Promise.all(Array.from({ length: 20 }, () => use().nextRunNumber('ci.yml')));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });
}

/** Specs of `createRun`, also as part of a group commit (`append` with `create`). */
export function describeCreateRun(use: UseStore): void {
  describe('createRun', () => {
    it('creates runs inside a group commit, together with other runs\' appends', async () => {
      await createRun(use(), 'run-a');
      await use().append([
        { runId: 'run-b', events: [runCreated()], create: { summary: summary('run-b', { owner: owner('w1'), leaseUntil: 7 }), sealedSecrets: 'sb' } },
        { runId: 'run-a', events: stepEvents(2, 1) },
      ]);
      expect(await use().getRun('run-b')).toStrictEqual(summary('run-b', { owner: owner('w1'), leaseUntil: 7 }));
      expect(await use().getSecrets('run-b')).toBe('sb');
      expect(await seqs(use(), 'run-a')).toEqual([1, 2]);
    });

    it('rolls a whole group commit back when a created id exists', async () => {
      await createRun(use(), 'run-a');
      const attempt = use().append([
        { runId: 'run-c', events: [runCreated()], create: { summary: summary('run-c') } },
        { runId: 'run-a', events: [runCreated()], create: { summary: summary('run-a') } },
      ]);
      await expectCode(attempt, 'ADO_STORE_CONFLICT');
      expect(await use().getRun('run-c')).toBeUndefined();
    });

    it('stores the summary and the first events together', async () => {
      const s = summary('run-a', { concurrencyGroup: 'deploy', status: 'running' });
      await use().createRun(s, [runCreated(), ...stepEvents(2, 2)]);
      expect(await use().getRun('run-a')).toStrictEqual(s);
      expect(await use().history('run-a')).toStrictEqual([runCreated(), ...stepEvents(2, 2)]);
    });

    it('stores the sealed secrets given', async () => {
      await use().createRun(summary('run-a'), [runCreated()], 'sealed-1');
      expect(await use().getSecrets('run-a')).toBe('sealed-1');
    });

    it('stores an owner and lease given in the summary', async () => {
      const s = summary('run-a', { owner: owner('w1'), leaseUntil: 9000 });
      await use().createRun(s, [runCreated()]);
      expect(await use().getRun('run-a')).toStrictEqual(s);
    });

    it('accepts a run without events, whose history then starts at seq 1', async () => {
      await use().createRun(summary('run-a'), []);
      await use().append([{ runId: 'run-a', events: stepEvents(1, 2) }]);
      expect(await seqs(use(), 'run-a')).toEqual([1, 2]);
    });

    it('rejects an existing id and leaves that run as it was', async () => {
      const first = await createRun(use(), 'run-a');
      await expectCode(use().createRun(summary('run-a', { workflowName: 'Other' }), [runCreated(), ...stepEvents(2, 1)], 's'), 'ADO_STORE_CONFLICT');
      expect(await use().getRun('run-a')).toStrictEqual(first);
      expect(await seqs(use(), 'run-a')).toEqual([1]);
      expect(await use().getSecrets('run-a')).toBeUndefined();
    });

    it('rejects events that do not count from 1 without gaps, storing nothing', async () => {
      await expect(use().createRun(summary('run-a'), stepEvents(2, 2))).rejects.toThrow(/seq/);
      await expect(use().createRun(summary('run-b'), [runCreated(), ...stepEvents(3, 1)])).rejects.toThrow(/seq/);
      expect(await use().getRun('run-a')).toBeUndefined();
      expect(await use().getRun('run-b')).toBeUndefined();
    });
  });
}

/** Specs of `getRun`. */
export function describeGetRun(use: UseStore): void {
  describe('getRun', () => {
    it('returns undefined for an unknown id', async () => {
      expect(await use().getRun('nope')).toBeUndefined();
    });

    it('leaves out optional fields that were never set', async () => {
      await createRun(use(), 'run-a');
      const run = await use().getRun('run-a');
      expect(Object.keys(run!).sort()).toEqual(['createdAt', 'event', 'id', 'status', 'updatedAt', 'workflowFile', 'workflowName']);
    });
  });
}

/** Specs of `findRun`. */
export function describeFindRun(use: UseStore): void {
  describe('findRun', () => {
    const ids = ['01jdx3k9aaaa', '01jdx3k9aabb', '01jdx4zz0000', 'abc'];
    const seed = async (store: Store): Promise<void> => {
      for (const id of ids) await createRun(store, id);
    };

    it('finds a run by its exact id, however short', async () => {
      await seed(use());
      expect((await use().findRun('abc'))?.id).toBe('abc');
      expect((await use().findRun('01jdx3k9aaaa'))?.id).toBe('01jdx3k9aaaa');
    });

    it('finds a run by a unique prefix of at least 4 characters', async () => {
      await seed(use());
      expect((await use().findRun('01jdx4'))?.id).toBe('01jdx4zz0000');
      expect((await use().findRun('01jdx3k9aab'))?.id).toBe('01jdx3k9aabb');
    });

    it('returns undefined for an ambiguous prefix', async () => {
      await seed(use());
      expect(await use().findRun('01jdx3k9aa')).toBeUndefined();
      expect(await use().findRun('01jd')).toBeUndefined();
    });

    it('returns undefined for a prefix shorter than 4 characters or one that matches nothing', async () => {
      await seed(use());
      expect(await use().findRun('ab')).toBeUndefined();
      expect(await use().findRun('01j')).toBeUndefined();
      expect(await use().findRun('zzzz')).toBeUndefined();
    });
  });
}

/** Specs of `listRuns`. */
export function describeListRuns(use: UseStore): void {
  describe('listRuns', () => {
    const seed = async (store: Store): Promise<void> => {
      await createRun(store, 'r1', { createdAt: 100, status: 'completed', conclusion: 'success' });
      await createRun(store, 'r2', { createdAt: 200, status: 'running', concurrencyGroup: 'deploy' });
      await createRun(store, 'r3', { createdAt: 300, status: 'waiting', workflowFile: '.github/workflows/release.yml' });
      await createRun(store, 'r4', { createdAt: 300, status: 'running', concurrencyGroup: 'deploy' });
      await createRun(store, 'r5', { createdAt: 500, status: 'queued', concurrencyGroup: 'deploy' });
    };
    const ids = async (query: Parameters<Store['listRuns']>[0]): Promise<string[]> => (await use().listRuns(query)).map((r) => r.id);

    it('lists newest first, ties broken by id, newest id first', async () => {
      await seed(use());
      expect(await ids({})).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
      expect((await use().listRuns({ limit: 1 }))[0]).toStrictEqual(summary('r5', { createdAt: 500, concurrencyGroup: 'deploy' }));
    });

    it('filters by status, workflow file and concurrency group, combined with AND', async () => {
      await seed(use());
      expect(await ids({ status: ['running', 'waiting'] })).toEqual(['r4', 'r3', 'r2']);
      expect(await ids({ status: [] })).toEqual([]);
      expect(await ids({ workflowFile: '.github/workflows/release.yml' })).toEqual(['r3']);
      expect(await ids({ concurrencyGroup: 'deploy' })).toEqual(['r5', 'r4', 'r2']);
      expect(await ids({ concurrencyGroup: 'deploy', status: ['running'], limit: 1 })).toEqual(['r4']);
    });

    it('pages with the `before` cursor, each run exactly once', async () => {
      await seed(use());
      const pages: string[][] = [];
      let before: string | undefined;
      for (let page = await ids({ limit: 2 }); page.length > 0; page = await ids({ limit: 2, before })) {
        pages.push(page);
        before = page.at(-1);
      }
      expect(pages).toEqual([['r5', 'r4'], ['r3', 'r2'], ['r1']]);
      expect(await ids({ before: 'r4', concurrencyGroup: 'deploy' })).toEqual(['r2']);
    });

    it('returns nothing after an unknown cursor', async () => {
      await seed(use());
      expect(await ids({ before: 'nope' })).toEqual([]);
    });

    it('shows summary changes made by append', async () => {
      await seed(use());
      await use().append([{ runId: 'r2', events: stepEvents(2, 1), summary: { status: 'completed', conclusion: 'failure' } }]);
      expect(await ids({ status: ['running'] })).toEqual(['r4']);
    });
  });
}
