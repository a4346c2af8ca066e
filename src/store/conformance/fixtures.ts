/** Builders for the conformance specs: runs, events and log chunks with plausible content. */
import { expect } from 'vitest';
import type { ErrorCode } from '../../core/errors.ts';
import type { HistoryEvent, LogChunk } from '../../core/events.ts';
import type { Owner, RunSummary, Store } from '../../engine/ports/store.ts';

/** Gives the store of the spec being run. */
export type UseStore = () => Store;

/** A queued run summary; `createdAt` defaults to 1000. */
export function summary(id: string, fields: Partial<RunSummary> = {}): RunSummary {
  return { id, workflowName: 'CI', workflowFile: '.github/workflows/ci.yml', event: 'push', status: 'queued', createdAt: 1000, updatedAt: 1000, ...fields };
}

/** The `run.created` event that opens every history. */
export function runCreated(at = 1000): HistoryEvent {
  return {
    type: 'run.created', seq: 1, at,
    workflowSource: { file: '.github/workflows/ci.yml', sha256: 'ab12', text: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' },
    trigger: { event: 'push', payload: { ref: 'refs/heads/main', nested: { list: [1, 'två', null] } }, inputs: {} },
    options: { workdir: '/work', jobs: [], matrix: {}, env: {}, vars: {}, maxParallelJobs: 4, secretNames: ['TOKEN'] },
  };
}

/** `count` step events with seqs from `from`, one millisecond apart. */
export function stepEvents(from: number, count: number, at = 2000): HistoryEvent[] {
  return Array.from({ length: count }, (_, i): HistoryEvent => ({
    type: 'step.started', seq: from + i, at: at + i, jobKey: 'build', index: i, attempt: 1, name: `step ${i} ✓`, repeatSafe: true,
  }));
}

/** A log chunk of a run. */
export function chunk(runId: string, seq: number, stepKey = 'build/0', text = `line ${seq}\n`): LogChunk {
  return { runId, stepKey, seq, at: 3000 + seq, stream: 'stdout', text };
}

/** An owning process. */
export function owner(id: string): Owner {
  return { id, pid: 4242, host: 'host-a' };
}

/** Creates a run holding only its `run.created` event. */
export async function createRun(store: Store, id: string, fields: Partial<RunSummary> = {}): Promise<RunSummary> {
  const s = summary(id, fields);
  await store.createRun(s, [runCreated(s.createdAt)]);
  return s;
}

/** Asserts that a promise rejects with an AutodevopsError of this code. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'AutodevopsError', code });
}

/** The seqs of a run's history. */
export async function seqs(store: Store, runId: string): Promise<number[]> {
  return (await store.history(runId)).map((e) => e.seq);
}
