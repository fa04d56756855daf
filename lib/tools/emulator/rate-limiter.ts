/** Sliding one-second window per key (credential + action), as API 3.0 limits "N requests per second". */
export interface RateLimiter {
  /** Records a call and returns true, or returns false (recording nothing) when the window is full. */
  tryAcquire(key: string, limit: number, now: number): boolean;
  clear(): void;
}

const WINDOW_MS = 1000;

export function createRateLimiter(): RateLimiter {
  const windows = new Map<string, number[]>();
  return {
    tryAcquire(key, limit, now) {
      const recent = (windows.get(key) ?? []).filter((time) => time > now - WINDOW_MS);
      if (recent.length >= limit) {
        windows.set(key, recent);
        return false;
      }
      recent.push(now);
      windows.set(key, recent);
      return true;
    },
    clear() {
      windows.clear();
    },
  };
}
