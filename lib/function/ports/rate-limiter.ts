import type { Clock } from '../kernel/clock';

/**
 * Keeps one action under Tencent Cloud's per-action limit (requests per second) with a sliding
 * window: callers queue in order, and one is let through when fewer than `perSecond` calls were
 * let through in the last `1000 + marginMs` ms. A lone call (the warm path of a one-instance
 * request) never waits; a fleet run gets `perSecond` calls per window and no more.
 * The margin absorbs the jitter between letting a call through here and its arrival at the API
 * (a late timer, a slow connect), which the API's one-second window would otherwise count as one
 * call too many. Times are those of the actual release, not of a planned slot, so a late timer
 * never bunches calls.
 */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Extra window length, in ms, on top of one second. */
  marginMs?: number;
}

/** Default slack: under load, a release and its arrival at the API can be this far apart. */
export const RATE_MARGIN_MS = 100;

const WINDOW_MS = 1000;

export function createRateLimiter(perSecond: number, clock: Clock, options: RateLimiterOptions = {}): RateLimiter {
  if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError('perSecond must be a whole number of at least 1');
  const window = WINDOW_MS + (options.marginMs ?? RATE_MARGIN_MS);
  /** Release times of the last `perSecond` calls, oldest first. */
  const released: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  const turn = async (): Promise<void> => {
    for (;;) {
      const now = clock.now();
      const oldest = released.length >= perSecond ? (released[0] as number) : -Infinity;
      if (oldest + window <= now) {
        released.push(now);
        if (released.length > perSecond) released.shift();
        return;
      }
      // Re-checked after the sleep: a clock that jumps (tests) or a late timer must not release early.
      await clock.sleep(Math.ceil(oldest + window - now));
    }
  };

  return {
    acquire() {
      const mine = queue.then(turn);
      queue = mine.catch(() => undefined);
      return mine;
    },
  };
}

/** One limiter per `service:action`, created on first use. */
export function createRateLimiters(perSecond: number, clock: Clock, options: RateLimiterOptions = {}): (key: string) => RateLimiter {
  const limiters = new Map<string, RateLimiter>();
  return (key) => {
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createRateLimiter(perSecond, clock, options);
      limiters.set(key, limiter);
    }
    return limiter;
  };
}
