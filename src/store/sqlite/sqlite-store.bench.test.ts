// Durable-commit throughput. Prints its figures only with BENCH=1 (which also makes the runs
// long enough to measure); it asserts what was stored, never how fast.
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HistoryEvent } from '../../core/events.ts';
import type { Store } from '../../engine/ports/store.ts';
import { createRun, seqs } from '../conformance/fixtures.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { tempDir } from './testing/temp-dir.ts';

const bench = process.env.BENCH === '1';

/** A step result as the engine records it: the common, mid-sized event. */
function stepCompleted(seq: number): HistoryEvent {
  return {
    type: 'step.completed', seq, at: 1_700_000_000_000 + seq, jobKey: 'build', index: seq % 20, attempt: 1,
    outcome: 'success', conclusion: 'success', outputs: { result: `value-${seq}`, digest: 'sha256:0123456789abcdef' },
  };
}

let temp: Awaited<ReturnType<typeof tempDir>>;
let store: Store;
let nextSeq: number;
beforeEach(async () => {
  nextSeq = 2;
  temp = await tempDir();
  store = await openSqliteStore({ dataDir: temp.dir });
  await createRun(store, 'run-a');
});
afterEach(async () => {
  await store.close();
  await temp.remove();
});

/** Appends `total` events in appends of `batch`, returning events per second. */
async function appendAll(total: number, batch: number): Promise<number> {
  const end = nextSeq + total;
  const started = performance.now();
  while (nextSeq < end) {
    const events = Array.from({ length: batch }, (_, i) => stepCompleted(nextSeq + i));
    await store.append([{ runId: 'run-a', events, summary: { updatedAt: events.at(-1)!.at } }]);
    nextSeq += batch;
  }
  return total / ((performance.now() - started) / 1000);
}

/** The floor to compare with: bare `BEGIN; INSERT; COMMIT` on a WAL, synchronous=FULL file. */
function rawCommitsPerSecond(total: number): number {
  const db = new DatabaseSync(join(temp.dir, 'raw.db'));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)');
  const [begin, insert, commit] = ['BEGIN', 'INSERT INTO t (b) VALUES (?)', 'COMMIT'].map((sql) => db.prepare(sql)) as [StatementSync, StatementSync, StatementSync];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    begin.run();
    insert.run(JSON.stringify(stepCompleted(i)));
    commit.run();
  }
  const rate = total / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

function report(label: string, perSecond: number): void {
  if (bench) console.log(`[bench] sqlite store: ${label}: ${Math.round(perSecond).toLocaleString('en')}/s`);
}

it('commits sequential single-event appends durably', async () => {
  const total = bench ? 20_000 : 200;
  if (bench) report('raw BEGIN; INSERT; COMMIT baseline, commits', rawCommitsPerSecond(total));
  report('sequential single-event appends, commits', await appendAll(total, 1));
  expect(await seqs(store, 'run-a')).toHaveLength(total + 1);
});

it('commits batches of 100 and 500 events', async () => {
  const total = bench ? 200_000 : 1_000;
  report('100-event appends, events', await appendAll(total / 2, 100));
  report('500-event appends, events', await appendAll(total / 2, 500));
  expect(await seqs(store, 'run-a')).toHaveLength(total + 1);
});
