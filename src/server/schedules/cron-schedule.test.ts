import { describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../../core/errors.ts';
import { parseSchedule } from './cron-schedule.ts';

const at = (iso: string): number => Date.parse(iso);

function problem(cron: string): string {
  try {
    parseSchedule(cron, 'nightly.yml');
  } catch (e) {
    if (isAutodevopsError(e) && e.code === 'ADO_WORKFLOW_INVALID') return e.message;
    throw e;
  }
  throw new Error(`"${cron}" was accepted`);
}

describe('parseSchedule', () => {
  it('reads five fields in UTC, with names and steps', () => {
    expect(parseSchedule('0 12 * * *', 'a.yml').nextAfter(at('2024-03-10T11:59:59Z'))).toBe(at('2024-03-10T12:00:00Z'));
    expect(parseSchedule('30 5 * * MON-FRI', 'a.yml').nextAfter(at('2024-03-09T00:00:00Z'))).toBe(at('2024-03-11T05:30:00Z'));
    expect(parseSchedule('0 0 1 jan *', 'a.yml').nextAfter(at('2024-06-01T00:00:00Z'))).toBe(at('2025-01-01T00:00:00Z'));
    const every5 = parseSchedule('*/5 * * * *', 'a.yml');
    expect(every5.nextAfter(at('2024-01-01T00:05:00Z'))).toBe(at('2024-01-01T00:10:00Z'));
    expect(every5.latestAtOrBefore(at('2024-01-01T00:05:00Z'))).toBe(at('2024-01-01T00:05:00Z'));
    expect(every5.latestAtOrBefore(at('2024-01-01T00:09:59.999Z'))).toBe(at('2024-01-01T00:05:00Z'));
    expect(every5.count(at('2024-01-01T00:05:00Z'), at('2024-01-01T00:30:00Z'), 100)).toBe(6);
    expect(every5.count(at('2024-01-01T00:00:00Z'), at('2024-01-02T00:00:00Z'), 10)).toBe(10);
    expect(parseSchedule('*/5 * * * *', 'b.yml')).toBe(every5);
  });

  it('ORs day of month and day of week, as POSIX cron and GitHub do', () => {
    expect(parseSchedule('0 0 13 * FRI', 'a.yml').nextAfter(at('2024-01-01T00:00:00Z'))).toBe(at('2024-01-05T00:00:00Z'));
  });

  it('rejects schedules closer than 5 minutes, naming the workflow and the cron', () => {
    expect(problem('* * * * *')).toBe('nightly.yml: on.schedule cron "* * * * *" runs 1 minute apart; the shortest interval GitHub allows is 5 minutes');
    expect(problem('*/4 * * * *')).toMatch(/runs 4 minutes apart/);
    expect(problem('0,58 * * * *')).toMatch(/runs 2 minutes apart/);
    expect(problem('0,58 0,23 * * *')).toMatch(/runs 2 minutes apart/);
    expect(parseSchedule('0,5 * * * *', 'a.yml').cron).toBe('0,5 * * * *');
  });

  it('rejects what is not GitHub cron syntax', () => {
    expect(problem('@daily')).toBe('nightly.yml: on.schedule cron "@daily" has 1 field; GitHub\'s cron has exactly 5');
    expect(problem('0 0 * * * *')).toMatch(/has 6 fields/);
    expect(problem('0 0 L * *')).toBe('nightly.yml: on.schedule cron "0 0 L * *" has "L" as its day of month, which GitHub\'s cron does not accept');
    expect(problem('0 0 * * 1#2')).toMatch(/"1#2" as its day of week/);
    expect(problem('0 0 ? * *')).toMatch(/"\?" as its day of month/);
    expect(problem('61 * * * *')).toMatch(/^nightly.yml: on.schedule cron "61 \* \* \* \*" is not valid: /);
    expect(problem('0 0 30 2 *')).toBe('nightly.yml: on.schedule cron "0 0 30 2 *" never fires');
  });
});
