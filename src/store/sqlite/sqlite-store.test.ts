import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary, Store } from '../../engine/ports/store.ts';
import { createRun, expectCode, owner, seqs, stepEvents, summary } from '../conformance/fixtures.ts';
import { describeStoreConformance } from '../conformance/store-conformance.ts';
import { databaseFileName } from './open-database.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { tempDir } from './testing/temp-dir.ts';

describeStoreConformance('sqlite', async () => {
  const temp = await tempDir();
  const store = await openSqliteStore({ dataDir: temp.dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await temp.remove();
    },
  };
});

describe('SQLite store', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const open: Store[] = [];
  const openStore = async (): Promise<Store> => {
    const store = await openSqliteStore({ dataDir: temp.dir });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    temp = await tempDir();
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await temp.remove();
  });

  it('keeps everything across close and reopen', async () => {
    const first = await openStore();
    await createRun(first, 'run-a');
    await first.append([{ runId: 'run-a', events: stepEvents(2, 2), summary: { status: 'running' } }]);
    await first.putSecrets('run-a', 'sealed');
    await first.close();
    const second = await openStore();
    expect(await seqs(second, 'run-a')).toEqual([1, 2, 3]);
    expect((await second.getRun('run-a'))?.status).toBe('running');
    expect(await second.getSecrets('run-a')).toBe('sealed');
  });

  it('rejects a summary missing a required field as it is, storing nothing', async () => {
    const store = await openStore();
    const broken = { ...summary('run-a'), workflowName: null } as unknown as RunSummary;
    await expect(store.createRun(broken, [])).rejects.toThrow(/NOT NULL/);
    expect(await store.getRun('run-a')).toBeUndefined();
  });

  it('reads many runs in one query, in the order asked, leaving out unknown ids', async () => {
    const store = await openSqliteStore({ dataDir: temp.dir });
    open.push(store);
    const a = await createRun(store, 'run-a', { owner: owner('p1'), leaseUntil: 5000, concurrencyGroup: 'g' });
    const b = await createRun(store, 'run-b', { status: 'completed', conclusion: 'success' });
    expect(await store.getRuns(['run-b', 'nope', 'run-a', 'run-b'])).toEqual([b, a, b]);
    expect(await store.getRuns([])).toEqual([]);
    expect(await store.getRuns(['run-a'])).toEqual([await store.getRun('run-a')]);
  });

  it('closes idempotently', async () => {
    const store = await openStore();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('refuses to update or delete recorded events, even through raw SQL', async () => {
    const store = await openStore();
    await createRun(store, 'run-a');
    const raw = new DatabaseSync(join(temp.dir, databaseFileName));
    try {
      expect(() => raw.exec("UPDATE events SET type = 'x'")).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM events')).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(await seqs(store, 'run-a')).toEqual([1]);
  });

  describe('two stores on one file, like two processes', () => {
    it('see each other\'s commits at once', async () => {
      const [a, b] = [await openStore(), await openStore()];
      await createRun(a, 'run-a');
      await a.append([{ runId: 'run-a', events: stepEvents(2, 1), summary: { status: 'running' } }]);
      expect(await seqs(b, 'run-a')).toEqual([1, 2]);
      expect((await b.getRun('run-a'))?.status).toBe('running');
    });

    it('let only one of them claim a run', async () => {
      const [a, b] = [await openStore(), await openStore()];
      await createRun(a, 'run-a');
      const won = await Promise.all([a.claimRun('run-a', owner('pa'), null, 5000), b.claimRun('run-a', owner('pb'), null, 5000)]);
      expect(won).toEqual([true, false]);
      expect((await b.getRun('run-a'))?.owner?.id).toBe('pa');
    });

    it('reject a stale writer whose seq the other already used', async () => {
      const [a, b] = [await openStore(), await openStore()];
      await createRun(a, 'run-a');
      await a.append([{ runId: 'run-a', events: stepEvents(2, 2, 100) }]);
      await expectCode(b.append([{ runId: 'run-a', events: stepEvents(3, 1, 999) }]), 'ADO_STORE_CONFLICT');
      expect((await a.history('run-a')).map((e) => e.at)).toEqual([1000, 100, 101]);
    });

    it('deliver a command from one to the other exactly once', async () => {
      const [runner, approver] = [await openStore(), await openStore()];
      await createRun(runner, 'run-a');
      const id = await approver.enqueueCommand('run-a', 'approve', { by: 'ana' }, 1100);
      const [command] = await runner.pendingCommands(['run-a']);
      expect(command).toMatchObject({ id, type: 'approve', data: { by: 'ana' } });
      await runner.append([{ runId: 'run-a', events: stepEvents(2, 1), takenCommandIds: [id] }]);
      await expectCode(approver.append([{ runId: 'run-a', events: stepEvents(3, 1), takenCommandIds: [id] }]), 'ADO_STORE_CONFLICT');
      expect(await approver.pendingCommands(['run-a'])).toEqual([]);
    });
  });
});
