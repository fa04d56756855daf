import { describe, expect, it } from 'vitest';
import { createRateLimiter, createRateLimiters, RATE_MARGIN_MS, type RateLimiter, type Release } from '../../../lib/function/ports/rate-limiter';
import { createVirtualClock, type VirtualClock } from './virtual-clock';

const peakInWindow = (times: readonly number[], windowMs: number): number => {
  let best = 0;
  for (let i = 0; i < times.length; i++) best = Math.max(best, times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + windowMs).length);
  return best;
};

/** A caller whose call completes as soon as it is let through: `f` runs, then the slot is released. */
const done =
  (f: () => void) =>
  (release: Release): void => {
    f();
    release();
  };

/**
 * The most calls the API can count in one window when each call may arrive anywhere between its
 * release and its completion: the calls whose span meets some `[t, t + windowMs)`.
 */
const worstArrivals = (spans: readonly { released: number; completed: number }[], windowMs: number): number =>
  Math.max(...spans.map(({ completed: t }) => spans.filter((s) => s.released < t + windowMs && s.completed >= t).length));

/** Callers that each hold their slot for `durations[i]` ms; returns when each was let through and completed. */
async function callsLasting(limiter: RateLimiter, clock: VirtualClock, durations: readonly number[]): Promise<{ released: number; completed: number }[]> {
  const all = Promise.all(
    durations.map(async (ms) => {
      const release = await limiter.acquire();
      const released = clock.now();
      await clock.sleep(ms);
      release();
      return { released, completed: clock.now() };
    }),
  );
  await clock.run();
  return all;
}

describe('createRateLimiter', () => {
  it('lets 100 concurrent callers through in order, never more than 20 in any second (with margin)', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    const released: { i: number; at: number }[] = [];
    const t0 = clock.now();
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => limiter.acquire().then(done(() => released.push({ i, at: clock.now() })))));
    await clock.run();
    await all;
    expect(released.map((r) => r.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const times = released.map((r) => r.at);
    expect(peakInWindow(times, 1000 + RATE_MARGIN_MS)).toBeLessThanOrEqual(20);
    // The whole budget is used: five windows for 100 calls, not more.
    expect(times[99]).toBe(t0 + 4 * (1000 + RATE_MARGIN_MS));
  });

  it('lets a short burst through at once and holds the call that would exceed the window', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    const times: number[] = [];
    const all = Promise.all(Array.from({ length: 21 }, () => limiter.acquire().then(done(() => times.push(clock.now())))));
    const t0 = clock.now();
    await clock.run();
    await all;
    expect(times.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => t0));
    expect(times[20]).toBe(t0 + 1000 + RATE_MARGIN_MS);
  });

  it('does not delay a second call of the same action inside one invocation', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    const t0 = clock.now();
    (await limiter.acquire())();
    let through = false;
    void limiter.acquire().then(() => (through = true));
    await clock.flush();
    expect(through).toBe(true);
    expect(clock.now()).toBe(t0);
  });

  it('does not delay a caller when the action has been idle', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    (await limiter.acquire())();
    const idle = clock.sleep(5000);
    await clock.run();
    await idle;
    const t0 = clock.now();
    let through = false;
    void limiter.acquire().then(() => (through = true));
    await clock.flush();
    expect(through).toBe(true);
    expect(clock.now()).toBe(t0);
  });

  it('counts real release times, so a late wake-up never bunches the calls after it', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(5, clock, { marginMs: 0 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = limiter.acquire().then(done(() => times.push(clock.now())));
      await clock.run();
      await p;
    }
    expect(peakInWindow(times, 1000)).toBeLessThanOrEqual(5);
    const sixth = limiter.acquire().then(done(() => times.push(clock.now())));
    await clock.run();
    await sixth;
    expect((times[5] as number) - (times[0] as number)).toBeGreaterThanOrEqual(1000);
  });

  it('counts a slow call from its completion: a call let through first but answered late cannot share a second with later ones at the API', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(2, clock, { marginMs: 0 });
    const t0 = clock.now();
    // The first call is let through first and may reach the API as late as its completion, 800 ms in.
    const spans = await callsLasting(limiter, clock, [800, 10, 10, 10]);
    expect(spans.map((s) => s.released - t0)).toEqual([0, 0, 1010, 1800]);
    // Counted from release, the third and fourth would go at 1000 ms, in the same second as the first's arrival at 800 ms.
    expect(worstArrivals(spans, 1000)).toBeLessThanOrEqual(2);
  });

  it('holds every caller while all slots are in flight, however long, and releases one a window after the first completes', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(1, clock, { marginMs: 0 });
    const t0 = clock.now();
    const spans = await callsLasting(limiter, clock, [3000, 10]);
    expect(spans.map((s) => s.released - t0)).toEqual([0, 4000]);
  });

  it('keeps the window under load: 60 callers of mixed durations, never more than 20 that can arrive in one second', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    const durations = Array.from({ length: 60 }, (_, i) => [5, 900, 40, 1500, 250][i % 5] as number);
    const spans = await callsLasting(limiter, clock, durations);
    expect(worstArrivals(spans, 1000 + RATE_MARGIN_MS)).toBeLessThanOrEqual(20);
    // Let through in the order they asked.
    expect(spans.map((s) => s.released)).toEqual([...spans.map((s) => s.released)].sort((a, b) => a - b));
  });

  it('counts a release once, however often it is called', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(2, clock, { marginMs: 0 });
    const release = await limiter.acquire();
    release();
    release();
    release();
    // One completed slot and one free: the next caller goes at once, the one after waits a window.
    const t0 = clock.now();
    const spans = await callsLasting(limiter, clock, [0, 0]);
    expect(spans.map((s) => s.released - t0)).toEqual([0, 1000]);
  });

  it('keeps one limiter per action', async () => {
    const clock = createVirtualClock();
    const limiters = createRateLimiters(1, clock);
    expect(limiters('ecm:ResetInstances')).toBe(limiters('ecm:ResetInstances'));
    await limiters('ecm:ResetInstances').acquire();
    // Another action is not held up by the first one's budget.
    let other = false;
    void limiters('tdmq:PublishCmqMsg')
      .acquire()
      .then(() => (other = true));
    await clock.flush();
    expect(other).toBe(true);
  });

  it('refuses a nonsensical rate', () => {
    expect(() => createRateLimiter(0, createVirtualClock())).toThrow(RangeError);
  });
});
