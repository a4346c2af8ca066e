import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, systemClock, type Clock } from '../../core/clock.ts';
import { parseSchedule } from './cron-schedule.ts';
import { scheduleStore, type ScheduleStore } from './schedule-store.ts';
import { Scheduler, type ScheduleEvent, type SchedulerDeps, type SchedulerOptions } from './scheduler.ts';

const at = (iso: string): number => Date.parse(iso);
const T0 = at('2024-01-01T00:00:00Z');
const MIN = 60_000;

const open: DatabaseSync[] = [];
const running: Scheduler[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file, opened anew by each "process". */
function dbFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-schedules-'));
  dirs.push(dir);
  return path.join(dir, 'server.db');
}

function storeAt(file: string): ScheduleStore {
  const db = new DatabaseSync(file);
  open.push(db);
  return scheduleStore(db);
}

interface Process {
  scheduler: Scheduler;
  store: ScheduleStore;
  events: ScheduleEvent[];
  runs: Array<{ workflowId: string; cron: string }>;
  crons: Record<string, string[]>;
}

/** One server process: a scheduler over the DB file, recording dispatches and events. */
function boot(file: string, clock: Clock, options: Partial<SchedulerOptions> & { dispatch?: SchedulerDeps['dispatch'] } = {}): Process {
  const store = storeAt(file);
  const p = { store, events: [], runs: [], crons: { 'nightly.yml': ['*/5 * * * *'] } } as unknown as Process;
  const deps: SchedulerDeps = {
    workflowsWithSchedules: () => Object.entries(p.crons).map(([workflowId, crons]) => ({ project: 'shop', workflowId, crons })),
    dispatch: options.dispatch ?? (async (_project, workflowId, trigger) => {
      p.runs.push({ workflowId, cron: trigger.payload.schedule });
      return { runId: `run-${p.runs.length}` };
    }),
  };
  p.scheduler = new Scheduler({ store, clock, deps, onEvent: (e) => p.events.push(e), ...options });
  return p;
}

const kinds = (p: Process) => p.events.map((e) => e.kind);

describe('Scheduler with an injected clock', () => {
  it('fires each occurrence once, when due, and records it', async () => {
    const clock = manualClock(T0);
    const p = boot(dbFile(), clock);
    await p.scheduler.runDue();
    expect(p.store.list()).toMatchObject([{ workflowId: 'nightly.yml', cron: '*/5 * * * *', nextDueAt: at('2024-01-01T00:05:00Z') }]);
    clock.advance(4 * MIN);
    await p.scheduler.runDue();
    expect(p.runs).toEqual([]);
    clock.advance(MIN);
    await Promise.all([p.scheduler.runDue(), p.scheduler.runDue()]);
    await p.scheduler.runDue();
    expect(p.runs).toEqual([{ workflowId: 'nightly.yml', cron: '*/5 * * * *' }]);
    expect(p.events).toEqual([{ project: 'shop', workflowId: 'nightly.yml', cron: '*/5 * * * *', kind: 'fired', scheduledAt: at('2024-01-01T00:05:00Z'), runId: 'run-1' }]);
    expect(p.store.list()[0]).toMatchObject({ lastFiredAt: at('2024-01-01T00:05:00Z'), nextDueAt: at('2024-01-01T00:10:00Z'), lastRunId: 'run-1', lastStatus: 'dispatched' });
  });

  it('never fires twice across a restart, even when the process died between the claim and the dispatch', async () => {
    const file = dbFile();
    const clock = manualClock(T0);
    const crashed = boot(file, clock, { dispatch: () => new Promise<never>(() => undefined) });
    await crashed.scheduler.runDue();
    clock.advance(5 * MIN);
    void crashed.scheduler.runDue(); // the dispatch never answers: the process "dies" here
    await new Promise((r) => setTimeout(r, 10));
    expect(storeAt(file).list()[0]).toMatchObject({ lastStatus: 'dispatching', lastFiredAt: at('2024-01-01T00:05:00Z') });

    const restarted = boot(file, clock);
    restarted.scheduler.start();
    running.push(restarted.scheduler);
    await restarted.scheduler.runDue();
    expect(restarted.runs).toEqual([]);
    expect(restarted.events).toEqual([{ project: 'shop', workflowId: 'nightly.yml', cron: '*/5 * * * *', kind: 'unconfirmed', scheduledAt: at('2024-01-01T00:05:00Z') }]);
    expect(restarted.store.list()[0]!.lastStatus).toBe('unconfirmed');

    clock.advance(5 * MIN);
    await restarted.scheduler.runDue();
    const again = boot(file, clock);
    await again.scheduler.runDue();
    expect(restarted.runs).toHaveLength(1);
    expect(again.runs).toEqual([]);
  });

  it('after downtime fires once for the latest missed occurrence and reports the older ones skipped', async () => {
    const file = dbFile();
    const clock = manualClock(T0);
    await boot(file, clock).scheduler.runDue();
    clock.advance(32 * MIN); // down from 00:00 to 00:32: 00:05 … 00:30 were missed
    const p = boot(file, clock);
    await p.scheduler.runDue();
    expect(p.runs).toHaveLength(1);
    expect(p.events).toEqual([
      { project: 'shop', workflowId: 'nightly.yml', cron: '*/5 * * * *', kind: 'skipped', missed: 5, capped: false, firstMissedAt: at('2024-01-01T00:05:00Z'), lastMissedAt: at('2024-01-01T00:25:00Z') },
      expect.objectContaining({ kind: 'fired', scheduledAt: at('2024-01-01T00:30:00Z') }),
    ]);
    expect(p.store.list()[0]).toMatchObject({ skippedTotal: 5, nextDueAt: at('2024-01-01T00:35:00Z') });
  });

  it('skips every missed occurrence when the latest is older than the starting deadline', async () => {
    const file = dbFile();
    const clock = manualClock(T0);
    const first = boot(file, clock);
    first.crons = { 'report.yml': ['0 6 * * *'] };
    await first.scheduler.runDue();
    clock.advance(2 * 24 * 60 * MIN + 9 * 60 * MIN); // to Jan 3, 09:00: 06:00 on Jan 1, 2 and 3 missed, the latest 3 h ago
    const p = boot(file, clock);
    p.crons = first.crons;
    await p.scheduler.runDue();
    expect(p.runs).toEqual([]);
    expect(p.events).toEqual([expect.objectContaining({
      kind: 'skipped', missed: 3, firstMissedAt: at('2024-01-01T06:00:00Z'), lastMissedAt: at('2024-01-03T06:00:00Z'),
    })]);
    expect(p.store.list()[0]).toMatchObject({ nextDueAt: at('2024-01-04T06:00:00Z'), skippedTotal: 3 });
    expect(p.store.list()[0]).not.toHaveProperty('lastFiredAt');
  });

  it('takes the starting deadline from the options', async () => {
    const file = dbFile();
    const clock = manualClock(T0);
    const crons = { 'report.yml': ['0 6 * * *'] };
    const first = boot(file, clock);
    first.crons = crons;
    await first.scheduler.runDue();
    clock.advance(9 * 60 * MIN);
    const p = boot(file, clock, { startingDeadlineMs: 4 * 60 * MIN });
    p.crons = crons;
    await p.scheduler.runDue();
    expect(p.runs).toHaveLength(1);
    expect(kinds(p)).toEqual(['fired']);
  });

  it('caps the count of missed occurrences after a very long downtime', async () => {
    const file = dbFile();
    const clock = manualClock(T0);
    await boot(file, clock).scheduler.runDue();
    clock.advance(10 * 24 * 60 * MIN);
    const p = boot(file, clock);
    await p.scheduler.runDue();
    expect(p.events[0]).toMatchObject({ kind: 'skipped', missed: 999, capped: true });
    expect(p.runs).toHaveLength(1);
  });

  it('refuses an invalid cron with an error naming workflow and cron, and keeps the valid ones', async () => {
    const clock = manualClock(T0);
    const p = boot(dbFile(), clock);
    p.crons = { 'fast.yml': ['* * * * *'], 'nightly.yml': ['*/5 * * * *', '*/5 * * * *'] };
    await p.scheduler.runDue();
    expect(p.events).toHaveLength(1);
    const event = p.events[0]!;
    expect(event).toMatchObject({ kind: 'invalid', workflowId: 'fast.yml', cron: '* * * * *' });
    if (event.kind === 'invalid') expect(event.error).toMatchObject({ code: 'ADO_WORKFLOW_INVALID', message: expect.stringContaining('fast.yml: on.schedule cron "* * * * *" runs 1 minute apart') });
    expect(p.store.list().map((r) => r.workflowId)).toEqual(['nightly.yml']);
  });

  it('reports a failed dispatch and fires the next occurrence normally', async () => {
    const clock = manualClock(T0);
    let fail = true;
    const p = boot(dbFile(), clock, {
      dispatch: async () => {
        if (fail) throw new Error('engine stopped');
        return { runId: 'run-ok' };
      },
    });
    await p.scheduler.runDue();
    clock.advance(5 * MIN);
    await p.scheduler.runDue();
    expect(p.events[0]).toMatchObject({ kind: 'failed', scheduledAt: at('2024-01-01T00:05:00Z'), error: { code: 'ADO_INTERNAL' } });
    expect(p.store.list()[0]).toMatchObject({ lastStatus: 'failed', lastError: 'the server failed to handle this request' });
    fail = false;
    clock.advance(5 * MIN);
    await p.scheduler.runDue();
    expect(p.store.list()[0]).toMatchObject({ lastStatus: 'dispatched', lastRunId: 'run-ok' });
    expect(p.store.list()[0]).not.toHaveProperty('lastError');
  });

  it('re-plans when the workflows change, keeping the state of unchanged schedules', async () => {
    const clock = manualClock(T0);
    const p = boot(dbFile(), clock);
    await p.scheduler.runDue();
    clock.advance(5 * MIN);
    await p.scheduler.runDue();
    p.crons = { 'nightly.yml': ['*/5 * * * *'], 'hourly.yml': ['0 * * * *'] };
    p.scheduler.replan();
    await p.scheduler.runDue();
    expect(p.store.list().map((r) => [r.workflowId, r.lastRunId ?? null])).toEqual([['hourly.yml', null], ['nightly.yml', 'run-1']]);
    p.crons = { 'hourly.yml': ['0 * * * *'] };
    p.scheduler.replan();
    await p.scheduler.runDue();
    expect(p.store.list().map((r) => r.workflowId)).toEqual(['hourly.yml']);
  });

  it('sleeps until the next due time and wakes on replan', async () => {
    const clock = manualClock(T0);
    const p = boot(dbFile(), clock);
    const fired = new Promise<void>((resolve) => {
      p.scheduler = new Scheduler({
        store: p.store, clock, onEvent: (e) => e.kind === 'fired' && resolve(),
        deps: { workflowsWithSchedules: () => [{ project: 'shop', workflowId: 'a.yml', crons: ['*/5 * * * *'] }], dispatch: async () => ({ runId: 'r' }) },
      });
    });
    p.scheduler.start();
    p.scheduler.start();
    running.push(p.scheduler);
    await new Promise((r) => setTimeout(r, 10));
    p.scheduler.replan();
    await new Promise((r) => setTimeout(r, 10));
    clock.advance(5 * MIN);
    await fired;
    expect(p.store.list()[0]).toMatchObject({ lastRunId: 'r', nextDueAt: at('2024-01-01T00:10:00Z') });
  });

  it('reports a registry failure and retries a minute later', async () => {
    const clock = manualClock(T0);
    let down = true;
    const events: ScheduleEvent[] = [];
    const retried = new Promise<void>((resolve) => {
      const scheduler = new Scheduler({
        store: storeAt(dbFile()), clock, onEvent: (e) => events.push(e),
        deps: {
          workflowsWithSchedules: () => {
            if (down) throw new Error('registry unavailable');
            resolve();
            return [];
          },
          dispatch: async () => ({ runId: 'r' }),
        },
      });
      scheduler.start();
      running.push(scheduler);
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([{ kind: 'error', error: expect.objectContaining({ code: 'ADO_INTERNAL' }) }]);
    down = false;
    clock.advance(59_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toHaveLength(1);
    clock.advance(1_000);
    await retried;
  });
});

describe('Scheduler on the wall clock', () => {
  it('fires after a real wait of about 300 ms, then stops promptly', async () => {
    // The wall clock, shifted so that the next */5 occurrence is 300 ms away; sleeping is real.
    const next = parseSchedule('*/5 * * * *', 'a.yml').nextAfter(Date.now() + 10 * MIN);
    const offset = next - 300 - Date.now();
    const clock: Clock = { now: () => Date.now() + offset, sleep: systemClock.sleep };
    let firedAt = 0;
    const p = boot(dbFile(), clock);
    const fired = new Promise<void>((resolve) => {
      p.scheduler = new Scheduler({
        store: p.store, clock, deps: { workflowsWithSchedules: () => [{ project: 'shop', workflowId: 'a.yml', crons: ['*/5 * * * *'] }], dispatch: async () => ({ runId: 'r' }) },
        onEvent: (e) => {
          firedAt = clock.now();
          if (e.kind === 'fired') resolve();
        },
      });
    });
    const started = Date.now();
    p.scheduler.start();
    await fired;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(firedAt).toBeGreaterThanOrEqual(next);
    const stopping = Date.now();
    await p.scheduler.stop();
    expect(Date.now() - stopping).toBeLessThan(100);
  });
});
