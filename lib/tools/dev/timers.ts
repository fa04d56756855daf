/**
 * The timer triggers of `serverless.yml`, run locally: each enabled timer fires the event SCF's
 * timer trigger builds (`{Type, TriggerName, Time, Message}`) when its cron expression says,
 * and any timer (enabled or not) fires on demand. Schedules are evaluated in this machine's
 * time zone.
 */
import { AppError, isAppError } from '../../function/kernel/errors';
import type { TimerSpec as DeclaredTimer } from '../deploy/serverless-yml';
import { type CronSchedule, nextFire, parseCron } from './cron';

/** What the local timers need of a serverless.yml timer. */
export type TimerSpec = Pick<DeclaredTimer, 'name' | 'cronExpression' | 'argument' | 'enable'>;

/** The event SCF passes to the function for a timer (SCF doc 583/9708, 定时触发器). */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** ISO-8601 UTC without milliseconds, like Tencent's sample `2019-02-21T11:49:00Z`. */
  Time: string;
  Message: string;
}

export function timerEvent(spec: TimerSpec, atMs: number): TimerEvent {
  return { Type: 'Timer', TriggerName: spec.name, Time: new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: spec.argument };
}

export interface TimerStatus {
  name: string;
  cronExpression: string;
  enable: boolean;
  argument: string;
  /** ISO-8601 of the next scheduled firing; null when disabled or never. */
  next: string | null;
  lastFired: string | null;
  fired: number;
}

/** What one firing did: the function's answer, or the error it threw. */
export type FireOutcome = { event: TimerEvent; answer: unknown } | { event: TimerEvent; error: string };

export interface Timers {
  list(): TimerStatus[];
  /** Fires one timer now; an AppError when there is no timer of that name. */
  fire(name: string): Promise<FireOutcome | AppError>;
  close(): void;
}

export interface TimerOptions {
  specs: readonly TimerSpec[];
  /** Invokes the function with the event; what it resolves to is the invocation's answer. */
  invoke: (event: TimerEvent) => Promise<unknown>;
  /** Told of every firing and its outcome (for the console and the terminal). */
  onFired?: (spec: TimerSpec, outcome: FireOutcome) => void;
  now?: () => number;
  /** Minutes east of UTC at an instant (tests); default this machine's zone. */
  utcOffsetMinutes?: (atMs: number) => number | undefined;
}

/** setTimeout takes at most 2^31-1 ms; a far firing is approached in steps. */
const MAX_DELAY_MS = 2_147_483_647;

interface Entry {
  spec: TimerSpec;
  schedule: CronSchedule;
  next: number | null;
  handle: NodeJS.Timeout | null;
  lastFired: number | null;
  fired: number;
}

/** Parses every expression first, so a bad one stops the stack with its name instead of never firing. */
export function startTimers(options: TimerOptions): Timers | AppError {
  const now = options.now ?? Date.now;
  // Without a fixed offset, croner follows this machine's zone (daylight saving included).
  const offset = options.utcOffsetMinutes ?? (() => undefined);
  const entries = new Map<string, Entry>();
  for (const spec of options.specs) {
    const schedule = parseCron(spec.cronExpression);
    if (isAppError(schedule)) return new AppError('Config.Invalid', `timer ${spec.name}: ${schedule.message}`);
    entries.set(spec.name, { spec, schedule, next: null, handle: null, lastFired: null, fired: 0 });
  }
  let closed = false;

  const fire = async (entry: Entry, atMs: number): Promise<FireOutcome> => {
    const event = timerEvent(entry.spec, atMs);
    entry.lastFired = atMs;
    entry.fired += 1;
    let outcome: FireOutcome;
    try {
      outcome = { event, answer: await options.invoke(event) };
    } catch (error) {
      // SCF records a failed async invocation and the timer keeps its schedule: so do we.
      outcome = { event, error: error instanceof Error ? error.message : String(error) };
    }
    options.onFired?.(entry.spec, outcome);
    return outcome;
  };

  /** Plans the first firing strictly after `from`. */
  const schedule = (entry: Entry, from: number): void => {
    if (closed || !entry.spec.enable) return;
    entry.next = nextFire(entry.schedule, from, offset(from));
    if (entry.next === null) return;
    const due = entry.next;
    const wait = (): void => {
      const delay = due - now();
      if (delay > MAX_DELAY_MS) {
        entry.handle = setTimeout(wait, MAX_DELAY_MS);
        return;
      }
      entry.handle = setTimeout(
        () => {
          entry.handle = null;
          // Planned before this one runs (a slow invocation must not skip one), and after `due`
          // even if the timer woke a millisecond early (which would fire the same second twice).
          schedule(entry, Math.max(now(), due));
          void fire(entry, due);
        },
        Math.max(0, delay),
      );
    };
    wait();
  };

  for (const entry of entries.values()) schedule(entry, now());

  return {
    list: () =>
      [...entries.values()].map((e) => ({
        name: e.spec.name,
        cronExpression: e.spec.cronExpression,
        enable: e.spec.enable,
        argument: e.spec.argument,
        next: e.spec.enable && e.next !== null ? new Date(e.next).toISOString() : null,
        lastFired: e.lastFired === null ? null : new Date(e.lastFired).toISOString(),
        fired: e.fired,
      })),
    fire: async (name) => {
      const entry = entries.get(name);
      if (entry === undefined)
        return new AppError('Route.NotFound', `no timer "${name}" in serverless.yml; timers: ${[...entries.keys()].join(', ') || 'none'}`);
      return fire(entry, now());
    },
    close: () => {
      closed = true;
      for (const entry of entries.values()) {
        if (entry.handle !== null) clearTimeout(entry.handle);
        entry.handle = null;
      }
    },
  };
}
