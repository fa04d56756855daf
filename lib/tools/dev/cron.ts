/**
 * SCF timer cron expressions: 7 fields `sec min hour day month weekday year`, wildcards
 * `, - * /`; when both day and weekday are restricted a time matches either of them.
 * Weekday is 0–6 or SUN–SAT with **0 = Sunday**, as SCF's own timer doc says
 * (cloud.tencent.com/document/product/583/9708, EN and CN, 2024-12); the "0 = Monday" in
 * the 6-field form seen in some guides is CloudBase's (mini-program cloud functions) convention, not SCF's.
 * The legacy 5-field form (`min hour day month weekday`) is read as second 0 of any year.
 * Pure: the clock and the time zone are the caller's.
 */
import { AppError } from '../../function/kernel/errors';

export interface CronSchedule {
  readonly source: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekdays: ReadonlySet<number>;
  /** null: any year. */
  readonly years: ReadonlySet<number> | null;
  /** Whether the field was anything but `*` / `?` (decides the day-or-weekday rule). */
  readonly dayRestricted: boolean;
  readonly weekdayRestricted: boolean;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY: FieldSpec = { name: 'day', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const WEEKDAY: FieldSpec = { name: 'weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };
const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2099 };

const isWildcard = (field: string): boolean => field === '*' || field === '?';

/** Parses one expression; an AppError (`Config.Invalid`) names the bad field. */
export function parseCron(expression: string): CronSchedule | AppError {
  const parts = expression.trim().split(/\s+/);
  let fields: string[];
  if (parts.length === 7) fields = parts;
  else if (parts.length === 5) fields = ['0', ...parts, '*'];
  else return invalid(expression, `expected 7 fields (sec min hour day month weekday year), got ${parts.length}`);
  const [sec, min, hour, day, month, weekday, year] = fields as [string, string, string, string, string, string, string];
  const specs: readonly [string, FieldSpec][] = [
    [sec, SECOND],
    [min, MINUTE],
    [hour, HOUR],
    [day, DAY],
    [month, MONTH],
    [weekday, WEEKDAY],
    [year, YEAR],
  ];
  const sets: Set<number>[] = [];
  for (const [text, spec] of specs) {
    const set = parseField(text, spec);
    if (typeof set === 'string') return invalid(expression, set);
    sets.push(set);
  }
  const [seconds, minutes, hours, days, months, weekdays, years] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  return {
    source: expression,
    seconds,
    minutes,
    hours,
    days,
    months,
    weekdays,
    years: isWildcard(year) ? null : years,
    dayRestricted: !isWildcard(day),
    weekdayRestricted: !isWildcard(weekday),
  };
}

/** A comma list of `*`, `?`, `N`, `A-B`, each optionally `/STEP`; a string is the problem. */
function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (match === null) return `${spec.name}: cannot read "${item}"`;
    const [, range = '', stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return `${spec.name}: step must be at least 1 in "${item}"`;
    let from: number;
    let to: number;
    if (isWildcard(range)) {
      from = spec.min;
      to = spec.max;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) return `${spec.name}: cannot read "${item}"`;
      const low = value(bounds[0] ?? '', spec);
      if (typeof low === 'string') return low;
      from = low;
      // `A/STEP` runs from A to the end of the field, as in Quartz.
      to = stepText === undefined ? low : spec.max;
      if (bounds.length === 2) {
        const high = value(bounds[1] ?? '', spec);
        if (typeof high === 'string') return high;
        to = high;
      }
      if (to < from) return `${spec.name}: range "${range}" runs backwards`;
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

function value(text: string, spec: FieldSpec): number | string {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + spec.min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n)) return `${spec.name}: "${text}" is not a number${spec.names ? ` or one of ${spec.names.join(',')}` : ''}`;
  if (n < spec.min || n > spec.max) return `${spec.name}: ${n} is outside ${spec.min}-${spec.max}`;
  return n;
}

function invalid(expression: string, problem: string): AppError {
  return new AppError('Config.Invalid', `cron "${expression}": ${problem}`);
}

/** Wall-clock fields of an instant in a fixed UTC offset. */
function fieldsAt(ms: number, offsetMinutes: number) {
  const d = new Date(ms + offsetMinutes * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function matchesDay(s: CronSchedule, day: number, weekday: number): boolean {
  if (s.dayRestricted && s.weekdayRestricted) return s.days.has(day) || s.weekdays.has(weekday);
  return s.days.has(day) && s.weekdays.has(weekday);
}

/** Whether the schedule fires at this whole second. */
export function matches(s: CronSchedule, ms: number, offsetMinutes = 0): boolean {
  const f = fieldsAt(ms, offsetMinutes);
  return (
    (s.years === null || s.years.has(f.year)) &&
    s.months.has(f.month) &&
    matchesDay(s, f.day, f.weekday) &&
    s.hours.has(f.hour) &&
    s.minutes.has(f.minute) &&
    s.seconds.has(f.second)
  );
}

/** How far ahead `nextFire` looks before deciding the schedule never fires (e.g. a past year). */
const HORIZON_MS = 5 * 366 * 24 * 3600_000;

/**
 * The first whole second strictly after `afterMs` at which the schedule fires, in a zone
 * `offsetMinutes` east of UTC; null when it does not fire within five years. Skips whole
 * days, hours and minutes that cannot match, so a yearly schedule costs a few thousand steps.
 */
export function nextFire(s: CronSchedule, afterMs: number, offsetMinutes = 0): number | null {
  const shift = offsetMinutes * 60_000;
  // Work in "local" milliseconds: UTC fields of t are the wall-clock fields of t - shift.
  let t = Math.floor((afterMs + shift) / 1000) * 1000 + 1000;
  const end = t + HORIZON_MS;
  while (t < end) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    if ((s.years !== null && !s.years.has(year)) || !s.months.has(month)) {
      t = Date.UTC(year, month, 1); // first day of the next month
      continue;
    }
    if (!matchesDay(s, d.getUTCDate(), d.getUTCDay())) {
      t = Date.UTC(year, month - 1, d.getUTCDate() + 1);
      continue;
    }
    if (!s.hours.has(d.getUTCHours())) {
      t = Date.UTC(year, month - 1, d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!s.minutes.has(d.getUTCMinutes())) {
      t = Date.UTC(year, month - 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes() + 1);
      continue;
    }
    if (!s.seconds.has(d.getUTCSeconds())) {
      t += 1000;
      continue;
    }
    return t - shift;
  }
  return null;
}
