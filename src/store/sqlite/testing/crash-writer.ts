/**
 * Child process for the kill -9 test: appends group commits to runs `run-a` and `run-b` forever,
 * printing the transaction count now and then, until killed. Transaction t adds 1 + t % 5 events
 * (each with `at` = t) and one log chunk per event to both runs, and sets both summaries'
 * `updatedAt` to t, so a reader can tell a whole transaction from a torn one.
 *
 * Usage: node crash-writer.ts <dataDir>  (Node strips the types; the hook loads `.sql` as text).
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { HistoryEvent, LogChunk } from '../../../core/events.ts';

registerHooks({
  load(url, context, nextLoad) {
    if (!url.endsWith('.sql')) return nextLoad(url, context);
    const text = readFileSync(fileURLToPath(url), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  },
});

const { openSqliteStore } = await import('../sqlite-store.ts');
const store = await openSqliteStore({ dataDir: process.argv[2] ?? '.' });
let nextSeq = 2;
for (let tx = 1; ; tx++) {
  const count = 1 + (tx % 5);
  const events = (): HistoryEvent[] => Array.from({ length: count }, (_, i) => ({
    type: 'step.started', seq: nextSeq + i, at: tx, jobKey: 'build', index: i, attempt: 1, name: 'x'.repeat(200), repeatSafe: true,
  }));
  const logs: LogChunk[] = ['run-a', 'run-b'].flatMap((runId) =>
    Array.from({ length: count }, (_, i) => ({ runId, stepKey: 'build/0', seq: nextSeq + i, at: tx, stream: 'stdout' as const, text: 'y'.repeat(300) })));
  await store.append([
    { runId: 'run-a', events: events(), summary: { updatedAt: tx } },
    { runId: 'run-b', events: events(), summary: { updatedAt: tx } },
  ], logs);
  nextSeq += count;
  if (tx % 25 === 0) process.stdout.write(`${tx}\n`);
}
