/**
 * The programmatic API (App) on a real data directory: choosing workflows and events, config file,
 * listing and finding runs, logs, retry, resume, approve and signal.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from './app.ts';
import type { App } from './app-api.ts';

let dir: string;
let app: App;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-app-'));
  app = await openApp({ cwd: dir, env: { PATH: process.env.PATH, USER: 'tester' }, engine: { pollMs: 20 } });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  return file;
}

const job = (body = 'echo hi'): string => `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${body}\n`;

async function waitFor(predicate: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 8000;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('choosing the workflow and event', () => {
  it('finds workflows in .github/workflows and picks the one the event triggers', async () => {
    write('.github/workflows/ci.yml', `on: push\n${job()}`);
    write('.github/workflows/release.yml', `on: release\n${job()}`);
    const view = await (await app.startRun({ workflowPath: '.', event: 'release' })).done;
    expect(view.workflowFile).toBe('.github/workflows/release.yml');
    expect(view.workflowName).toBe('.github/workflows/release.yml');
    await expect(app.startRun({ workflowPath: '.' })).rejects.toMatchObject({ code: 'ADO_WORKFLOW_AMBIGUOUS' });
    await expect(app.startRun({ workflowPath: '.', event: 'issues' })).rejects.toMatchObject({ code: 'ADO_WORKFLOW_NOT_FOUND' });
  });

  it('defaults to workflow_dispatch when the workflow has no push trigger, and numbers runs', async () => {
    write('d.yml', `on: workflow_dispatch\n${job('echo "n=${{ github.run_number }} e=${{ github.event_name }}"')}`);
    const first = await (await app.startRun({ workflowPath: 'd.yml' })).done;
    expect(first.trigger.event).toBe('workflow_dispatch');
    const second = await (await app.startRun({ workflowPath: 'd.yml' })).done;
    expect((await app.readLogs(second.id)).map((c) => c.text).join('')).toContain('n=2 e=workflow_dispatch');
  });

  it('numbers runs started at the same moment one by one, as GitHub numbers pushes', async () => {
    write('n.yml', `on: push\n${job('echo "n=${{ github.run_number }}"')}`);
    const handles = await Promise.all(Array.from({ length: 5 }, () => app.startRun({ workflowPath: 'n.yml' })));
    const views = await Promise.all(handles.map((h) => h.done));
    expect(views.map((v) => v.trigger.runNumber).sort()).toEqual([1, 2, 3, 4, 5]);
    const printed = await Promise.all(views.map(async (v) => (await app.readLogs(v.id)).map((c) => c.text).join('')));
    expect(printed.map((text) => /n=(\d+)/.exec(text)?.[1]).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('rejects --input for events other than workflow_dispatch, and payloads that are not objects', async () => {
    write('p.yml', `on: push\n${job()}`);
    await expect(app.startRun({ workflowPath: 'p.yml', inputs: { a: '1' } })).rejects.toMatchObject({ code: 'ADO_INPUT_INVALID' });
    write('arr.json', '[1]');
    await expect(app.startRun({ workflowPath: 'p.yml', eventPath: 'arr.json' })).rejects.toMatchObject({ code: 'ADO_EVENT_PAYLOAD_INVALID' });
    await expect(app.startRun({ workflowPath: 'p.yml', eventPath: 'missing.json' })).rejects.toMatchObject({ code: 'ADO_EVENT_PAYLOAD_INVALID' });
    write('u.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: not-an-action-reference\n`);
    await expect(app.startRun({ workflowPath: 'u.yml' })).rejects.toMatchObject({ code: 'ADO_STEP_KIND_UNKNOWN', diagnostics: [expect.objectContaining({ location: expect.objectContaining({ line: 6 }) })] });
    expect(await app.listRuns()).toEqual([]);
  });

  it('takes ref and sha from the payload', async () => {
    write('p.yml', `on: push\n${job('echo "${{ github.ref }} ${{ github.sha }} ${{ github.repository }}"')}`);
    write('event.json', JSON.stringify({ ref: 'refs/heads/feature', after: 'abc123', repository: { full_name: 'acme/app' } }));
    const view = await (await app.startRun({ workflowPath: 'p.yml', eventPath: 'event.json' })).done;
    expect((await app.readLogs(view.id)).map((c) => c.text).join('')).toContain('refs/heads/feature abc123 acme/app');
  });
});

describe('the configuration file', () => {
  it('reads environment approvers and gates the job on them', async () => {
    write('autodevops.yml', 'environments:\n  prod:\n    approvers: [alice]\nmax-parallel-jobs: 2\n');
    await app.close();
    app = await openApp({ cwd: dir, env: { PATH: process.env.PATH, USER: 'alice' }, engine: { pollMs: 20 } });
    write('deploy.yml', 'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    environment: prod\n    steps: [ { run: echo deployed } ]\n');
    const { runId, done } = await app.startRun({ workflowPath: 'deploy.yml' });
    await waitFor(async () => (await app.getRun(runId)).status === 'waiting');
    await expect(app.approve(runId, { approve: true, by: 'bob' })).rejects.toMatchObject({ code: 'ADO_APPROVAL_DENIED' });
    expect(await app.approve(runId, { approve: true })).toBeUndefined();
    expect((await done).conclusion).toBe('success');
  });

  it('rejects an invalid file naming the field', async () => {
    for (const [text, field] of [
      ['environments:\n  prod:\n    approvers: alice\n', 'environments.prod.approvers'],
      ['surprise: 1\n', 'surprise'],
      ['max-parallel-jobs: 0\n', 'max-parallel-jobs'],
      ['- a list\n', '(file)'],
      ['environments: [\n', '(file)'],
    ] as const) {
      write('autodevops.yml', text);
      await expect(openApp({ cwd: dir })).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining(field) });
    }
  });
});

describe('runs, logs and commands', () => {
  it('lists runs newest first, finds them by prefix and reads and follows logs by step', async () => {
    write('w.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo one\n      - run: echo two\n`);
    const a = await (await app.startRun({ workflowPath: 'w.yml' })).done;
    const b = await (await app.startRun({ workflowPath: 'w.yml' })).done;
    expect((await app.listRuns()).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await app.getRun(b.id.slice(0, 12))).id).toBe(b.id);
    await expect(app.getRun('zzzzzzzz')).rejects.toMatchObject({ code: 'ADO_RUN_NOT_FOUND' });
    expect((await app.readLogs(a.id, { step: 'a/1' })).map((c) => c.text).join('')).toBe('two\n');
    const followed: string[] = [];
    await app.followLogs(a.id, {}, (c) => followed.push(c.text));
    expect(followed.join('')).toContain('one\n');
  });

  it('retries a run, and only its failed jobs with failedOnly', async () => {
    write('f.yml', 'on: push\njobs:\n  ok:\n    runs-on: ubuntu-latest\n    steps: [ { run: echo fine } ]\n  bad:\n    runs-on: ubuntu-latest\n    needs: ok\n    steps: [ { run: test -f flag } ]\n');
    const first = await (await app.startRun({ workflowPath: 'f.yml' })).done;
    expect(first.conclusion).toBe('failure');
    write('flag', '');
    const again = await (await app.retry(first.id, { failedOnly: true })).done;
    expect(again.conclusion).toBe('success');
    // The successful job was carried over, not run again: its result is there, its step printed nothing new.
    expect(again.jobs.find((j) => j.key === 'ok')!.conclusion).toBe('success');
    expect(await app.readLogs(again.id, { step: 'ok/0' })).toEqual([]);
    const full = await (await app.retry(first.id)).done;
    expect(full.conclusion).toBe('success');
  });

  it('cancels a running run, signals a waiting one, and has nothing to resume when all is well', async () => {
    write('s.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: w\n        uses: autodevops/wait@v1\n        with: { event: go }\n      - run: echo "got ${{ fromJSON(steps.w.outputs.payload).n }}"\n');
    const { runId, done } = await app.startRun({ workflowPath: 's.yml' });
    await waitFor(async () => (await app.getRun(runId)).status === 'waiting');
    expect(await app.signal(runId, 'go', { n: 7 })).toBeUndefined();
    expect((await done).conclusion).toBe('success');
    expect((await app.readLogs(runId)).map((c) => c.text).join('')).toContain('got 7');
    write('c.yml', `on: push\n${job('sleep 20')}`);
    const long = await app.startRun({ workflowPath: 'c.yml' });
    await waitFor(async () => (await app.getRun(long.runId)).jobs[0]?.steps[0]?.status === 'running');
    await app.cancel(long.runId);
    expect((await long.done).conclusion).toBe('cancelled');
    await expect(app.cancel(long.runId)).rejects.toMatchObject({ code: 'ADO_RUN_STATE' });
    expect(await app.resume()).toEqual([]);
    expect((await app.validate(['.'])).length).toBeGreaterThan(0);
  });
});

describe('interrupted runs', () => {
  it('are flagged in list and show when their process died, and resume continues them', async () => {
    write('i.yml', `on: push\n${job('echo resumed-ok')}`);
    const { runId, done } = await app.startRun({ workflowPath: 'i.yml' });
    await done;
    // Forge the state a killed process leaves behind: a running run owned by a pid that is gone.
    const { openSqliteStore } = await import('./store/sqlite/sqlite-store.ts');
    const { hostname } = await import('node:os');
    const store = await openSqliteStore({ dataDir: app.dataDir });
    const history = await store.history(runId);
    const created = history[0]!;
    await store.createRun({ id: 'dead-run-1', workflowName: 'i.yml', workflowFile: 'i.yml', event: 'push', status: 'running', createdAt: 1, updatedAt: 1, owner: { id: 'gone', pid: 2 ** 22 + 7, host: hostname() }, leaseUntil: Date.now() + 60_000 }, [created, { type: 'run.started', seq: 2, at: 2 }]);
    await store.close();
    const listed = await app.listRuns();
    expect(listed.find((r) => r.id === 'dead-run-1')?.interrupted).toBe(true);
    expect(listed.find((r) => r.id === runId)?.interrupted).toBeUndefined();
    expect((await app.getRun('dead-run-1')).interrupted).toBe(true);
    const [handle] = await app.resume();
    expect(handle!.runId).toBe('dead-run-1');
    expect((await handle!.done).conclusion).toBe('success');
    expect((await app.getRun('dead-run-1')).interrupted).toBeUndefined();
  });
});
