import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/function/kernel/errors';
import { type CronSchedule, nextFire, parseCron } from '../../../lib/tools/dev/cron';

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (isAppError(parsed)) throw parsed;
  return parsed;
}

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('parseCron', () => {
  it('reads the 7 fields of the examples in SCF’s timer doc', () => {
    const every5s = cron('*/5 * * * * * *');
    expect([...every5s.seconds]).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    const weekdays = cron('0 15 10 * * MON-FRI *');
    expect([...weekdays.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect(weekdays.dayRestricted).toBe(false);
    expect(weekdays.weekdayRestricted).toBe(true);
    expect([...cron('0 0 10,14,16 * * * *').hours]).toEqual([10, 14, 16]);
    expect([...cron('0 */30 9-17 * * * *').hours]).toHaveLength(9);
  });

  it('counts weekdays from Sunday = 0 and accepts names in any case', () => {
    expect([...cron('0 0 0 * * 0 *').weekdays]).toEqual([0]);
    expect([...cron('0 0 0 * * sun,Sat *').weekdays]).toEqual([0, 6]);
    expect([...cron('0 0 0 * * WED *').weekdays]).toEqual([3]);
  });

  it('reads month names, ranges with steps and A/STEP as from A to the end', () => {
    expect([...cron('0 0 0 1 JAN-MAR * *').months]).toEqual([1, 2, 3]);
    expect([...cron('0 1/10 * * * * *').minutes]).toEqual([1, 11, 21, 31, 41, 51]);
    expect([...cron('0 0 8-18/4 * * * *').hours]).toEqual([8, 12, 16]);
    expect(cron('0 0 0 1 1 * 2030,2031').years).toEqual(new Set([2030, 2031]));
    expect(cron('0 0 0 1 1 * *').years).toBeNull();
  });

  it('reads the legacy 5-field form as second 0 of any year', () => {
    const legacy = cron('*/5 * * * *');
    expect([...legacy.seconds]).toEqual([0]);
    expect(legacy.minutes.size).toBe(12);
    expect(legacy.years).toBeNull();
  });

  it.each([
    ['0 0 3 * * *', 'expected 7 fields'],
    ['60 * * * * * *', 'second: 60 is outside 0-59'],
    ['0 0 24 * * * *', 'hour: 24 is outside 0-23'],
    ['0 0 0 0 * * *', 'day: 0 is outside 1-31'],
    ['0 0 0 * 13 * *', 'month: 13 is outside 1-12'],
    ['0 0 0 * * 7 *', 'weekday: 7 is outside 0-6'],
    ['0 0 0 * * FUNDAY *', 'weekday: "FUNDAY" is not a number or one of SUN'],
    ['0 0 0 * * * 1969', 'year: 1969 is outside 1970-2099'],
    ['0 10-5 * * * * *', 'runs backwards'],
    ['*/0 * * * * * *', 'step must be at least 1'],
    ['0 0 0 L * * *', 'day: "L" is not a number'],
  ])('rejects %s as Config.Invalid naming the problem', (expression, problem) => {
    const parsed = parseCron(expression);
    expect(isAppError(parsed) && parsed.code).toBe('Config.Invalid');
    expect(isAppError(parsed) && parsed.message).toContain(problem);
  });
});

describe('nextFire', () => {
  it('fires the nightly schedule of serverless.yml at 03:00:00 the same or the next day', () => {
    const nightly = cron('0 0 3 * * * *');
    expect(iso(nextFire(nightly, at('2024-05-10T01:00:00Z')))).toBe('2024-05-10T03:00:00.000Z');
    expect(iso(nextFire(nightly, at('2024-05-10T03:00:00Z')))).toBe('2024-05-11T03:00:00.000Z');
    expect(iso(nextFire(nightly, at('2024-12-31T04:00:00Z')))).toBe('2025-01-01T03:00:00.000Z');
  });

  it('is strictly after the given instant, at whole seconds', () => {
    const everyMinute = cron('0 */1 * * * * *');
    expect(iso(nextFire(everyMinute, at('2024-05-10T10:15:00.000Z')))).toBe('2024-05-10T10:16:00.000Z');
    expect(iso(nextFire(everyMinute, at('2024-05-10T10:15:59.999Z')))).toBe('2024-05-10T10:16:00.000Z');
    const every5s = cron('*/5 * * * * * *');
    expect(iso(nextFire(every5s, at('2024-05-10T10:15:03.400Z')))).toBe('2024-05-10T10:15:05.000Z');
  });

  it('honours weekdays (2024-05-10 was a Friday)', () => {
    const weekdays = cron('0 15 10 * * MON-FRI *');
    expect(iso(nextFire(weekdays, at('2024-05-10T11:00:00Z')))).toBe('2024-05-13T10:15:00.000Z');
    const sunday = cron('0 0 12 * * 0 *');
    expect(iso(nextFire(sunday, at('2024-05-10T00:00:00Z')))).toBe('2024-05-12T12:00:00.000Z');
  });

  it('matches day OR weekday when both are restricted', () => {
    // The 1st of the month or any Wednesday: after Fri 2024-05-10 comes Wed 2024-05-15, then Sat 2024-06-01.
    const either = cron('0 0 0 1 * WED *');
    expect(iso(nextFire(either, at('2024-05-10T00:00:00Z')))).toBe('2024-05-15T00:00:00.000Z');
    expect(iso(nextFire(either, at('2024-05-29T00:00:00Z')))).toBe('2024-06-01T00:00:00.000Z');
  });

  it('skips months without the day and finds leap days', () => {
    expect(iso(nextFire(cron('0 0 0 31 * * *'), at('2024-04-01T00:00:00Z')))).toBe('2024-05-31T00:00:00.000Z');
    expect(iso(nextFire(cron('0 0 0 29 2 * *'), at('2024-03-01T00:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('evaluates the schedule in the given UTC offset', () => {
    // 03:00 in UTC+8 is 19:00 UTC the day before.
    expect(iso(nextFire(cron('0 0 3 * * * *'), at('2024-05-10T12:00:00Z'), 480))).toBe('2024-05-10T19:00:00.000Z');
    expect(iso(nextFire(cron('0 0 3 * * * *'), at('2024-05-10T12:00:00Z'), 0))).toBe('2024-05-11T03:00:00.000Z');
  });

  it('follows the machine’s zone, daylight saving included, when no offset is given', () => {
    // Europe/Berlin moved from UTC+1 to UTC+2 on 2024-03-31: 03:00 local is 02:00 UTC before, 01:00 UTC after.
    const script = `import('./lib/tools/dev/cron.ts').then((m) => { const s = m.parseCron('0 0 3 * * * *'); process.stdout.write([Date.parse('2024-03-30T00:00:00Z'), Date.parse('2024-03-31T12:00:00Z')].map((t) => new Date(m.nextFire(s, t)).toISOString()).join(' ')); })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ: 'Europe/Berlin' }, encoding: 'utf8' });
    expect(out).toBe('2024-03-30T02:00:00.000Z 2024-04-01T01:00:00.000Z');
  });

  it('answers null for a schedule that never fires again', () => {
    expect(nextFire(cron('0 0 0 1 1 * 2020'), at('2024-05-10T00:00:00Z'))).toBeNull();
    expect(nextFire(cron('0 0 0 30 2 * *'), at('2024-05-10T00:00:00Z'))).toBeNull();
  });
});
