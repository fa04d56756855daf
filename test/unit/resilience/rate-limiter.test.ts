import { describe, expect, it } from 'vitest';
import { createRateLimiter, createRateLimiters, RATE_MARGIN_MS } from '../../../lib/function/ports/rate-limiter';
import { createVirtualClock } from './virtual-clock';

const peakInWindow = (times: readonly number[], windowMs: number): number => {
  let best = 0;
  for (let i = 0; i < times.length; i++) best = Math.max(best, times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + windowMs).length);
  return best;
};

describe('createRateLimiter', () => {
  it('lets 100 concurrent callers through in order, never more than 20 in any second (with margin)', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    const released: { i: number; at: number }[] = [];
    const t0 = clock.now();
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => limiter.acquire().then(() => released.push({ i, at: clock.now() }))));
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
    const all = Promise.all(Array.from({ length: 21 }, () => limiter.acquire().then(() => times.push(clock.now()))));
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
    await limiter.acquire();
    let through = false;
    void limiter.acquire().then(() => (through = true));
    await clock.flush();
    expect(through).toBe(true);
    expect(clock.now()).toBe(t0);
  });

  it('does not delay a caller when the action has been idle', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter(20, clock);
    await limiter.acquire();
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
      const p = limiter.acquire().then(() => times.push(clock.now()));
      await clock.run();
      await p;
    }
    expect(peakInWindow(times, 1000)).toBeLessThanOrEqual(5);
    const sixth = limiter.acquire().then(() => times.push(clock.now()));
    await clock.run();
    await sixth;
    expect((times[5] as number) - (times[0] as number)).toBeGreaterThanOrEqual(1000);
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
