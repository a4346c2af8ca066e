/**
 * The Store conformance suite: one `describe` per port method, run against every backend so they
 * all keep the same contract (ordering, group-commit atomicity, compare-and-set ownership,
 * exactly-once commands). Contract details the port's types do not say: a run's first event has
 * seq 1; a log chunk's seq increases per run; a write that lost a race (seq already used, command
 * already taken, id already present) rejects with ADO_STORE_CONFLICT and changes nothing; a write
 * for a run that does not exist rejects with ADO_RUN_NOT_FOUND.
 *
 * @example
 * describeStoreConformance('sqlite', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'ado-'));
 *   const store = await openSqliteStore({ dataDir: dir });
 *   return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true }); } };
 * });
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../engine/ports/store.ts';
import { describeAppend, describeHistory } from './history-specs.ts';
import { describeEnqueueCommand, describePendingCommands } from './inbox-specs.ts';
import { describeReadLogs } from './logs-specs.ts';
import { describeClaimRun, describeReleaseRun, describeRenewLeases } from './ownership-specs.ts';
import { describeNextRunNumber, describeCreateRun, describeFindRun, describeGetRun, describeListRuns } from './run-specs.ts';
import { describeSecrets } from './secrets-specs.ts';
import { describeSlots } from './slot-specs.ts';

/** A fresh, empty store for one spec, and how to dispose of it. */
export interface StoreUnderTest {
  store: Store;
  cleanup(): Promise<void>;
}

/** Registers the conformance specs for a backend; `open` is called once per spec. */
export function describeStoreConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`Store conformance: ${name}`, () => {
    let current: StoreUnderTest | undefined;
    const use = (): Store => current!.store;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    for (const specs of [
      describeCreateRun, describeNextRunNumber, describeAppend, describeHistory, describeGetRun, describeFindRun, describeListRuns, describeReadLogs,
      describeClaimRun, describeRenewLeases, describeReleaseRun, describeEnqueueCommand, describePendingCommands, describeSecrets, describeSlots,
    ]) specs(use);
  });
}
