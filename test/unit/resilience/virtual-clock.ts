import type { Clock } from '../../../lib/function/kernel/clock';

/** A clock whose sleeps end only when the test moves time on; `run` drains every timer. */
export interface VirtualClock extends Clock {
  /** Advances to each pending wake-up in turn until none is left (or `limitMs` has passed). */
  run(limitMs?: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  flush(): Promise<void>;
}

export function createVirtualClock(start = 1_700_000_000_000): VirtualClock {
  let now = start;
  let timers: { at: number; wake: () => void }[] = [];
  // A macrotask turn drains every pending promise callback, however long the chain.
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((wake) => {
        if (signal?.aborted) return wake();
        const timer = { at: now + Math.max(0, ms), wake };
        timers.push(timer);
        // A cancelled sleep wakes now and leaves no timer behind for `run` to move time to.
        signal?.addEventListener(
          'abort',
          () => {
            timers = timers.filter((t) => t !== timer);
            wake();
          },
          { once: true },
        );
      }),
    flush,
    async run(limitMs = 3_600_000) {
      const end = now + limitMs;
      await flush();
      while (timers.length > 0 && now <= end) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0] as { at: number; wake: () => void };
        now = Math.max(now, next.at);
        const due = timers.filter((t) => t.at <= now);
        timers = timers.filter((t) => t.at > now);
        for (const t of due) t.wake();
        await flush();
      }
    },
  };
}
