/**
 * Fires `on.schedule` crons. It sleeps until the earliest due time (no polling), then for each due
 * schedule claims the occurrence durably (schedule-store.ts) BEFORE dispatching and records the run
 * id after. So a crash between the two loses that one run, reported as `unconfirmed` at the next
 * start, and never fires it twice.
 *
 * Catch-up after downtime (docs/schedules.md): when occurrences were missed, the most recent one
 * fires once if it is no older than `startingDeadlineMs` (default 1 hour); every older one, and the
 * most recent when it is older than that, is skipped and reported with the count.
 */
import type { Clock } from '../../core/clock.ts';
import { asAutodevopsError } from '../errors.ts';
import type { AutodevopsError } from '../../core/errors.ts';
import { parseSchedule, type CronSchedule } from './cron-schedule.ts';
import type { ScheduleKey, ScheduleRow, ScheduleStore } from './schedule-store.ts';

/** What the scheduler needs from the registry and the engine. */
export interface SchedulerDeps {
  /** Every workflow with `on.schedule`, with its cron expressions. */
  workflowsWithSchedules(): Array<{ project: string; workflowId: string; crons: string[] }>;
  /** Starts a run; the trigger is GitHub's `schedule` event (`github.event.schedule` is the cron). */
  dispatch(project: string, workflowId: string, trigger: { event: 'schedule'; payload: { schedule: string } }): Promise<{ runId: string }>;
}

/** What happened to a schedule, for logs. Times are ms since the epoch. */
export type ScheduleEvent =
  | (ScheduleKey & { kind: 'fired'; scheduledAt: number; runId: string })
  | (ScheduleKey & { kind: 'skipped'; missed: number; capped: boolean; firstMissedAt: number; lastMissedAt: number })
  | (ScheduleKey & { kind: 'failed'; scheduledAt: number; error: AutodevopsError })
  | (ScheduleKey & { kind: 'unconfirmed'; scheduledAt: number })
  | (ScheduleKey & { kind: 'invalid'; error: AutodevopsError })
  /** The schedules could not be read or stored (retried after a minute). */
  | { kind: 'error'; error: AutodevopsError };

/** How the scheduler is built. */
export interface SchedulerOptions {
  store: ScheduleStore;
  clock: Clock;
  deps: SchedulerDeps;
  /** The most recent missed occurrence still fires when at most this old; default 1 hour. */
  startingDeadlineMs?: number;
  /** The longest single sleep, so a changed wall clock is noticed; default 1 hour. */
  maxSleepMs?: number;
  onEvent?: (event: ScheduleEvent) => void;
}

const HOUR = 3_600_000;
const MISSED_COUNT_CAP = 1000;
const RETRY_MS = 60_000;

/** Fires due schedules exactly once each; see the file comment for the policy. */
export class Scheduler {
  readonly #store: ScheduleStore;
  readonly #clock: Clock;
  readonly #deps: SchedulerDeps;
  readonly #deadline: number;
  readonly #maxSleep: number;
  readonly #emit: (event: ScheduleEvent) => void;
  #schedules = new Map<string, CronSchedule>();
  #stale = true;
  #stopped = false;
  #wake: () => void = () => undefined;
  #loop: Promise<void> | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#deps = options.deps;
    this.#deadline = options.startingDeadlineMs ?? HOUR;
    this.#maxSleep = options.maxSleepMs ?? HOUR;
    this.#emit = options.onEvent ?? (() => undefined);
  }

  /** Reports fires a previous process left unconfirmed, then starts the timer loop. */
  start(): void {
    for (const row of this.#store.takeUnconfirmed()) this.#emit({ ...keyOf(row), kind: 'unconfirmed', scheduledAt: row.lastFiredAt! });
    this.#loop ??= this.#run();
  }

  /** Re-reads the workflows' schedules (call when workflows are registered, changed or removed). */
  replan(): void {
    this.#stale = true;
    this.#wake();
  }

  /** Stops the loop; a dispatch under way finishes first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake();
    await this.#loop;
    await this.#running.catch(() => undefined);
  }

  /** Fires every schedule due now (the loop calls this; calls never overlap). */
  runDue(): Promise<void> {
    this.#running = this.#running.catch(() => undefined).then(() => this.#fireDue());
    return this.#running;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const failed = await this.runDue().then(() => false, (e: unknown) => {
        this.#emit({ kind: 'error', error: asAutodevopsError(e) });
        return true;
      });
      if (this.#stopped) break;
      if (this.#stale && !failed) continue; // replanned while firing: sync before sleeping
      const woken = new Promise<void>((resolve) => (this.#wake = resolve));
      const abort = new AbortController();
      const ms = failed ? Math.min(RETRY_MS, this.#sleepMs()) : this.#sleepMs();
      await Promise.race([woken, this.#clock.sleep(ms, abort.signal).catch(() => undefined)]);
      abort.abort();
    }
  }

  #sleepMs(): number {
    const next = Math.min(...this.#store.list().filter((r) => this.#schedules.has(r.cron)).map((r) => r.nextDueAt));
    return Math.max(0, Math.min(this.#maxSleep, next - this.#clock.now()));
  }

  /** Brings the store in line with the workflows; invalid crons are reported and left out. */
  #sync(): void {
    const wanted: ScheduleKey[] = [];
    const schedules = new Map<string, CronSchedule>();
    for (const { project, workflowId, crons } of this.#deps.workflowsWithSchedules()) {
      for (const cron of new Set(crons)) {
        try {
          schedules.set(cron, parseSchedule(cron, workflowId));
          wanted.push({ project, workflowId, cron });
        } catch (e) {
          this.#emit({ project, workflowId, cron, kind: 'invalid', error: asAutodevopsError(e) });
        }
      }
    }
    const now = this.#clock.now();
    this.#store.reconcile(wanted, (cron) => schedules.get(cron)!.nextAfter(now));
    this.#schedules = schedules;
  }

  async #fireDue(): Promise<void> {
    if (this.#stale) {
      this.#sync();
      this.#stale = false;
    }
    const now = this.#clock.now();
    const due = this.#store.list().filter((row) => row.nextDueAt <= now && this.#schedules.has(row.cron));
    await Promise.all(due.map((row) => this.#fire(row, this.#schedules.get(row.cron)!, now)));
  }

  async #fire(row: ScheduleRow, schedule: CronSchedule, now: number): Promise<void> {
    const latest = schedule.latestAtOrBefore(now) ?? row.nextDueAt;
    const missed = Math.max(1, schedule.count(row.nextDueAt, latest, MISSED_COUNT_CAP));
    const fires = now - latest <= this.#deadline;
    const skipped = fires ? missed - 1 : missed;
    const claim = { dueAt: row.nextDueAt, skipped, nextDueAt: schedule.nextAfter(now), ...(fires && { firedAt: latest }) };
    if (!this.#store.claim(row, claim)) return;
    const key = keyOf(row);
    if (skipped > 0) {
      const lastMissedAt = fires ? this.#previous(schedule, latest) : latest;
      this.#emit({ ...key, kind: 'skipped', missed: skipped, capped: missed >= MISSED_COUNT_CAP, firstMissedAt: row.nextDueAt, lastMissedAt });
    }
    if (fires) await this.#dispatch(key, latest);
  }

  #previous(schedule: CronSchedule, time: number): number {
    return schedule.latestAtOrBefore(time - 1)!;
  }

  async #dispatch(key: ScheduleKey, scheduledAt: number): Promise<void> {
    try {
      const { runId } = await this.#deps.dispatch(key.project, key.workflowId, { event: 'schedule', payload: { schedule: key.cron } });
      this.#store.settle(key, scheduledAt, { runId });
      this.#emit({ ...key, kind: 'fired', scheduledAt, runId });
    } catch (e) {
      const error = asAutodevopsError(e);
      this.#store.settle(key, scheduledAt, { error: error.message });
      this.#emit({ ...key, kind: 'failed', scheduledAt, error });
    }
  }
}

function keyOf(row: ScheduleKey): ScheduleKey {
  return { project: row.project, workflowId: row.workflowId, cron: row.cron };
}
