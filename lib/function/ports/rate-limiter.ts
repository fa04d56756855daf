import type { Clock } from '../kernel/clock';

/**
 * Keeps one action under Tencent Cloud's per-action limit (requests per second). Callers queue
 * in order; each holds a slot from the moment it is let through until its call has completed,
 * and the slot stays counted for `1000 + marginMs` ms after that completion. At most `perSecond`
 * slots are counted at any time. A lone call (the warm path of a one-instance request) never
 * waits; a fleet run gets `perSecond` calls per window and no more.
 *
 * Why completion, not release: the API counts a call when it arrives, and a call arrives
 * somewhere between its release here and its completion (a late timer, a slow connect or a busy
 * event loop can put a call released later on the wire before one released earlier). A call
 * released at least a second after another completed arrives at least a second after that one,
 * so whatever order the network delivers them in, no window of one second at the API holds more
 * than `perSecond` of them. Counting from release (as this limiter once did) let 22 UnTagResources
 * into one second of a fleet run.
 */
export interface RateLimiter {
  /**
   * Waits for a slot. The call must be made after this resolves, and the returned `release` called
   * once when it has completed (answered, failed, timed out or was never sent); later calls of
   * `release` do nothing.
   */
  acquire(): Promise<Release>;
}

/** Ends a call's slot: the window starts now. */
export type Release = () => void;

export interface RateLimiterOptions {
  /** Extra window length, in ms, on top of one second. */
  marginMs?: number;
}

/**
 * Default slack on top of the second: the API's clock and ours measure the same second, each in
 * whole milliseconds; a tenth of a second covers any difference at little cost in throughput.
 */
export const RATE_MARGIN_MS = 100;

const WINDOW_MS = 1000;

export function createRateLimiter(perSecond: number, clock: Clock, options: RateLimiterOptions = {}): RateLimiter {
  if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError('perSecond must be a whole number of at least 1');
  const window = WINDOW_MS + (options.marginMs ?? RATE_MARGIN_MS);
  /** Calls let through and not yet completed. */
  let inFlight = 0;
  /** Completion times of the calls whose window may still be open, oldest first. */
  const completed: number[] = [];
  /** Wakes the caller at the head of the queue when every slot was in flight and one completes. */
  let onCompletion: (() => void) | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const release = (): Release => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight -= 1;
      completed.push(clock.now());
      onCompletion?.();
    };
  };

  const turn = async (): Promise<Release> => {
    for (;;) {
      const now = clock.now();
      while (completed.length > 0 && (completed[0] as number) + window <= now) completed.shift();
      if (inFlight + completed.length < perSecond) {
        inFlight += 1;
        return release();
      }
      const oldest = completed[0];
      if (oldest === undefined) {
        // Every slot is in flight: the first to complete starts its window; look again then.
        await new Promise<void>((wake) => {
          onCompletion = wake;
        });
        onCompletion = null;
      } else {
        // Re-checked after the sleep: a clock that jumps (tests) or a late timer must not release early.
        await clock.sleep(Math.ceil(oldest + window - now));
      }
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
