/**
 * The App's reads of runs (listRuns, getRun), which a server asks for on every request: completed
 * runs are read once and kept; runs that have not completed are read each time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../app.ts';
import type { App } from '../app-api.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';

let dir: string;
let app: App;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-reads-'));
  writeFileSync(path.join(dir, 'ci.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n');
  app = await openApp({ cwd: dir, env: { PATH: process.env.PATH, USER: 'tester' }, engine: { pollMs: 20 } });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A run a killed process left running (its owner's pid is gone), written by another store connection. */
async function deadRun(id: string, like: string): Promise<void> {
  const store = await openSqliteStore({ dataDir: app.dataDir });
  const [created] = await store.history(like);
  await store.createRun({ id, workflowName: 'ci', workflowFile: 'ci.yml', event: 'push', status: 'running', createdAt: 5, updatedAt: 5, owner: { id: 'gone', pid: 2 ** 22 + 7, host: hostname() }, leaseUntil: Date.now() + 60_000 }, [created!, { type: 'run.started', seq: 2, at: 6 }]);
  await store.close();
}

describe('reading runs', () => {
  it('lists runs by id in the order asked, filtered by status, unknown ids left out, the same answer every time', async () => {
    const first = await app.startRun({ workflowPath: 'ci.yml' });
    const second = await app.startRun({ workflowPath: 'ci.yml' });
    await Promise.all([first.done, second.done]);
    await deadRun('dead-1', first.runId);
    const ids = [second.runId, 'nope', 'dead-1', first.runId];
    const listed = await app.listRuns({ ids });
    expect(listed.map((r) => [r.id, r.status, r.interrupted])).toEqual([[second.runId, 'completed', undefined], ['dead-1', 'running', true], [first.runId, 'completed', undefined]]);
    expect(listed[0]).toMatchObject({ workflowName: 'ci.yml', workflowFile: 'ci.yml', event: 'push', conclusion: 'success' });
    expect(await app.listRuns({ ids })).toEqual(listed);
    expect((await app.listRuns({ ids, status: ['running'] })).map((r) => r.id)).toEqual(['dead-1']);
    expect((await app.listRuns({ ids: [first.runId], status: ['completed'] })).map((r) => r.id)).toEqual([first.runId]);
    expect((await app.listRuns({ limit: 2 })).map((r) => r.id)).toEqual([second.runId, first.runId]);
  });

  it('gets a completed run by id or prefix, and an interrupted one afresh each time', async () => {
    const { runId, done } = await app.startRun({ workflowPath: 'ci.yml' });
    await done;
    const view = await app.getRun(runId);
    expect(view).toMatchObject({ id: runId, status: 'completed', conclusion: 'success' });
    expect(view.interrupted).toBeUndefined();
    expect(await app.getRun(runId.slice(0, 12))).toEqual(view);
    expect(await app.getRun(runId)).toEqual(view);
    await deadRun('dead-2', runId);
    expect((await app.getRun('dead-2')).interrupted).toBe(true);
    const [handle] = await app.resume(['dead-2']);
    expect((await handle!.done).conclusion).toBe('success');
    const resumed = await app.getRun('dead-2');
    expect([resumed.status, 'interrupted' in resumed]).toEqual(['completed', false]);
    await expect(app.getRun('missing')).rejects.toMatchObject({ code: 'ADO_RUN_NOT_FOUND' });
  });
});
