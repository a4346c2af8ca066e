import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../core/events.ts';
import { runOwnersOf } from '../registry/run-owners.ts';
import { openServerDb } from '../registry/server-db.ts';
import { projectEventsOf, type ProjectEvent } from './project-events.ts';

let dir: string;
let db: DatabaseSync;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-journal-'));
  db = openServerDb(dir);
  db.exec("INSERT INTO projects VALUES ('web', 1)");
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const started = (seq: number): HistoryEvent => ({ type: 'run.started', seq, at: seq });
const history = (runId: string, event: HistoryEvent) => ({ kind: 'history' as const, runId, event });

describe('the project event journal', () => {
  it('journals a claimed run\'s history, then what arrived meanwhile, each once and in order', async () => {
    let now = 0;
    const owners = runOwnersOf(db);
    const durable: Record<string, HistoryEvent[]> = { r1: [started(1), started(2)] };
    const journal = projectEventsOf(db, owners, async (runId) => durable[runId] ?? [], () => now);
    const seen: ProjectEvent[] = [];
    journal.subscribe('web', (e) => seen.push(e));
    journal.record(history('r1', started(2)));
    journal.record(history('r1', started(3)));
    journal.record({ kind: 'log', runId: 'r1', chunk: { runId: 'r1', stepKey: 'a', seq: 1, at: 1, stream: 'stdout', text: 'x' } });
    owners.own({ runId: 'r1', project: 'web', workflowId: 'ci', version: 'v', createdAt: 1 });
    const claiming = journal.claimed('r1');
    journal.record(history('r1', started(4)));
    await claiming;
    journal.record(history('r1', started(5)));
    expect(seen.map((e) => e.event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(journal.after('web', seen[1]!.seq).map((e) => e.event.seq)).toEqual([3, 4, 5]);
    expect(journal.after('web', 0, 2)).toHaveLength(2);
    // A run never claimed: its held events are dropped once old, and claiming it later finds no owner.
    journal.record(history('stray', started(1)));
    now = 120_000;
    journal.record(history('other', started(1)));
    await journal.claimed('stray');
    expect(journal.after('web', 0)).toHaveLength(5);
  });

  it('keeps run.created without the workflow text', async () => {
    const owners = runOwnersOf(db);
    owners.own({ runId: 'r1', project: 'web', workflowId: 'ci', version: 'v', createdAt: 1 });
    const created = { type: 'run.created', seq: 1, at: 1, workflowSource: { file: 'ci.yml', sha256: 'abc', text: 'on: push' }, trigger: {}, options: {} } as unknown as HistoryEvent;
    const journal = projectEventsOf(db, owners, async () => [created]);
    await journal.claimed('r1');
    expect(journal.after('web', 0)[0]!.event).toMatchObject({ type: 'run.created', workflowSource: { file: 'ci.yml', sha256: 'abc', text: '' } });
  });

  it('writes through a connection of its own, so server.db readers see entries at once, and closes it', async () => {
    const owners = runOwnersOf(db);
    owners.own({ runId: 'r1', project: 'web', workflowId: 'ci', version: 'v', createdAt: 1 });
    const journal = projectEventsOf(db, owners, async () => [started(1)]);
    await journal.claimed('r1');
    journal.record(history('r1', started(2)));
    const reader = openServerDb(dir);
    expect(reader.prepare('SELECT history_seq FROM project_events ORDER BY seq').all().map((r) => r.history_seq)).toEqual([1, 2]);
    reader.close();
    journal.close();
    journal.close();
    expect(journal.after('web', 0)).toHaveLength(2);
  });

  it('writes through server.db itself when it has no file', async () => {
    const memory = new DatabaseSync(':memory:');
    memory.exec('CREATE TABLE project_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT, run_id TEXT, history_seq INTEGER, type TEXT, data TEXT, UNIQUE (run_id, history_seq))');
    const journal = projectEventsOf(memory, { projectOf: () => 'web' } as unknown as ReturnType<typeof runOwnersOf>, async () => []);
    journal.record(history('r1', started(1)));
    journal.close();
    expect(journal.after('web', 0).map((e) => e.event.seq)).toEqual([1]);
    memory.close();
  });
});
