/**
 * `on.schedule` cron expressions with GitHub's semantics: five fields (minute hour day-of-month
 * month day-of-week), UTC, the operators `* , - /` and month/day names, and at most one run every
 * five minutes. Parsing and occurrence arithmetic come from croner.
 */
import { Cron } from 'croner';
import { AutodevopsError } from '../../core/errors.ts';

/** GitHub's shortest schedule interval. */
export const MIN_INTERVAL_MS = 5 * 60_000;

/** A validated cron expression. Times are milliseconds since the epoch. */
export interface CronSchedule {
  readonly cron: string;
  /** The first occurrence strictly after `time`. */
  nextAfter(time: number): number;
  /** The latest occurrence at or before `time`, if any. */
  latestAtOrBefore(time: number): number | undefined;
  /** How many occurrences lie in [from, to], counting at most `cap`. */
  count(from: number, to: number, cap: number): number;
}

const plainField = /^[0-9*,/-]+$/;
const names = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)\b/gi;
const fieldNames = ['minute', 'hour', 'day of month', 'month', 'day of week'];

function invalid(workflow: string, cron: string, problem: string, hint?: string): AutodevopsError {
  return new AutodevopsError('ADO_WORKFLOW_INVALID', `${workflow}: on.schedule cron "${cron}" ${problem}`, {
    hint: hint ?? 'Write five fields in UTC, e.g. "30 5 * * 1-5" (05:30 UTC on weekdays); GitHub allows `* , - /` and month or day names.',
  });
}

function checkSyntax(workflow: string, cron: string): void {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw invalid(workflow, cron, `has ${fields.length} field${fields.length === 1 ? '' : 's'}; GitHub's cron has exactly 5`);
  fields.forEach((field, i) => {
    const text = i >= 3 ? field.replace(names, '0') : field;
    if (!plainField.test(text)) throw invalid(workflow, cron, `has "${field}" as its ${fieldNames[i]}, which GitHub's cron does not accept`);
  });
}

const SAMPLES = 289; // one more than 24 h / 5 min: a denser schedule must show a shorter gap among them

function shortestGap(job: Cron): number {
  const runs = job.nextRuns(SAMPLES, new Date(Date.UTC(2024, 0, 1)));
  let gap = Infinity;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, runs[i]!.getTime() - runs[i - 1]!.getTime());
  return gap;
}

function schedule(job: Cron, cron: string): CronSchedule {
  return {
    cron,
    nextAfter: (time) => job.nextRun(new Date(time))!.getTime(),
    // croner counts a run earlier in the same second as the reference, so +1 ms includes `time` itself.
    latestAtOrBefore: (time) => job.previousRuns(1, new Date(time + 1))[0]?.getTime(),
    count(from, to, cap) {
      let n = 0;
      for (let t = job.nextRun(new Date(from - 1))?.getTime(); t !== undefined && t <= to && n < cap; t = job.nextRun(new Date(t))?.getTime()) n++;
      return n;
    },
  };
}

const parsed = new Map<string, CronSchedule>();

/**
 * Parses a cron expression of `workflow`'s `on.schedule`; throws ADO_WORKFLOW_INVALID naming the
 * workflow and the cron when it is not GitHub's syntax, never fires, or fires more often than every 5 minutes.
 */
export function parseSchedule(cron: string, workflow: string): CronSchedule {
  const known = parsed.get(cron);
  if (known) return known;
  checkSyntax(workflow, cron);
  let job: Cron;
  try {
    job = new Cron(cron, { mode: '5-part', timezone: 'UTC' });
  } catch (e) {
    throw invalid(workflow, cron, `is not valid: ${(e as Error).message.replace(/^CronPattern: /, '')}`);
  }
  if (job.nextRun(new Date(Date.UTC(2024, 0, 1))) === null) throw invalid(workflow, cron, 'never fires');
  const gap = shortestGap(job);
  if (gap < MIN_INTERVAL_MS) {
    throw invalid(workflow, cron, `runs ${gap / 60_000} minute${gap === 60_000 ? '' : 's'} apart; the shortest interval GitHub allows is 5 minutes`,
      'Schedule it at most every 5 minutes, e.g. "*/5 * * * *".');
  }
  const result = schedule(job, cron);
  if (parsed.size >= 1000) parsed.clear();
  parsed.set(cron, result);
  return result;
}
