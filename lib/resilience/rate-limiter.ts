import type { Clock } from '../clock';

/**
 * Spaces calls of one action evenly so that no 1-second window holds more than `perSecond`
 * (Tencent Cloud counts requests per action per second). Slots are reserved up front, so
 * concurrent callers queue instead of bursting.
 */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export function createRateLimiter(perSecond: number, clock: Clock): RateLimiter {
  // One extra millisecond per slot keeps a full second from holding perSecond + 1 calls.
  const interval = Math.ceil(1000 / perSecond) + 1;
  let next = 0;
  return {
    async acquire() {
      const now = clock.now();
      const slot = Math.max(now, next);
      next = slot + interval;
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}

/** One limiter per `service:action`, created on first use. */
export function createRateLimiters(perSecond: number, clock: Clock): (key: string) => RateLimiter {
  const limiters = new Map<string, RateLimiter>();
  return (key) => {
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createRateLimiter(perSecond, clock);
      limiters.set(key, limiter);
    }
    return limiter;
  };
}
