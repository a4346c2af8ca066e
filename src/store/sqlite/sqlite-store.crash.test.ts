import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../engine/ports/store.ts';
import { createRun } from '../conformance/fixtures.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { tempDir } from './testing/temp-dir.ts';

const writer = fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url));

/** Starts the writer and SIGKILLs it once it has committed at least `commits` transactions. */
function killWriterAfter(dataDir: string, commits: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [writer, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const count = Number(d.toString().trim().split('\n').at(-1));
    if (count >= commits) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code, signal) => (signal === null ? reject(new Error(`writer exited ${code}: ${stderr}`)) : resolve(signal))));
}

/** Checks that a run holds exactly the events, logs and summary of its last `tx` transactions. */
async function checkRun(store: Store, runId: string): Promise<{ tx: number; events: number }> {
  const history = await store.history(runId);
  const tx = (await store.getRun(runId))!.updatedAt;
  const expectedEvents = 1 + Array.from({ length: tx }, (_, i) => 1 + ((i + 1) % 5)).reduce((a, b) => a + b, 0);
  expect(history.map((e) => e.seq)).toEqual(Array.from({ length: expectedEvents }, (_, i) => i + 1));
  expect(history.at(-1)?.at).toBe(tx);
  expect((await store.readLogs(runId)).length).toBe(expectedEvents - 1);
  return { tx, events: history.length };
}

let temp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  temp = await tempDir();
});
afterEach(async () => {
  await temp.remove();
});

it('keeps only whole transactions when the writing process is killed with SIGKILL', async () => {
  const setup = await openSqliteStore({ dataDir: temp.dir });
  await createRun(setup, 'run-a', { createdAt: 0, updatedAt: 0 });
  await createRun(setup, 'run-b', { createdAt: 0, updatedAt: 0 });
  await setup.close();

  expect(await killWriterAfter(temp.dir, 300)).toBe('SIGKILL');

  const store = await openSqliteStore({ dataDir: temp.dir });
  const [a, b] = [await checkRun(store, 'run-a'), await checkRun(store, 'run-b')];
  expect(a.tx).toBeGreaterThanOrEqual(300);
  expect(b).toEqual(a);
  await store.close();
});
