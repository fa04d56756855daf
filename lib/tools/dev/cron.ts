/**
 * SCF timer cron expressions: 7 fields `sec min hour day month weekday year`, wildcards
 * `, - * /`; when both day and weekday are restricted a time matches either of them.
 * Weekday is 0–6 or SUN–SAT with **0 = Sunday**, as SCF's own timer doc says
 * (cloud.tencent.com/document/product/583/9708, EN and CN, 2024-12); the "0 = Monday" in
 * the 6-field form seen in some guides is CloudBase's (mini-program cloud functions) convention, not SCF's.
 * The legacy 5-field form (`min hour day month weekday`) is read as second 0 of any year.
 *
 * parseCron is SCF's grammar, strict, with errors naming the field: croner (which computes the
 * firings, nextFire) also takes what SCF refuses (weekday 7, `L`, `W`, `#`), so a schedule that
 * runs locally could be refused at deploy. Pure: the clock and the time zone are the caller's.
 */
import { Cron } from 'croner';
import { AppError } from '../../function/kernel/errors';

export interface CronSchedule {
  readonly source: string;
  /** The 7 fields as croner reads them (the legacy 5-field form with second 0 and any year). */
  readonly pattern: string;
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
    pattern: fields.join(' '),
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

/**
 * The first whole second strictly after `afterMs` at which the schedule fires: in a zone
 * `offsetMinutes` east of UTC when given, else in this machine's zone (daylight saving included);
 * null when it never fires again. croner does the calendar: it reads SCF's 7 fields (year last,
 * 0 = Sunday, day OR weekday when both are set), which parseCron has checked against SCF's rules.
 */
export function nextFire(s: CronSchedule, afterMs: number, offsetMinutes?: number): number | null {
  const cron = new Cron(s.pattern, { paused: true, legacyMode: true, ...(offsetMinutes === undefined ? {} : { utcOffset: offsetMinutes }) });
  return cron.nextRun(new Date(afterMs))?.getTime() ?? null;
}
