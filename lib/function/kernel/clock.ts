/** Time as a dependency, so tests and the bench can control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms`, or as soon as `signal` aborts (its timer is then cleared, so nothing is
   * left pending); callers that must tell the two apart look at `signal.aborted`.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A sleep on real timers that a signal cuts short: what `Clock.sleep` does on the system clock. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done);
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: sleepFor,
};
