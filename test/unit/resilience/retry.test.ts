import { describe, expect, it } from 'vitest';
import { CloudCallError, type FailureKind } from '../../../lib/function/ports/cloud-error';
import { backoffDelay, MIN_ATTEMPT_MS, ONLY_IF_NOT_APPLIED, type RetryPolicy, retry, SAFE_TO_REPEAT } from '../../../lib/function/ports/retry';
import { createVirtualClock } from './virtual-clock';

const fail = (failure: FailureKind) =>
  new CloudCallError('ecm', 'ResetInstances', failure, `failed: ${failure}`, failure === 'throttled' ? 'RequestLimitExceeded' : undefined, undefined, null);

/** Runs `retry` with a function that fails with `failures` in turn, then succeeds. */
async function attempts(policy: RetryPolicy, failures: FailureKind[], deadlineMs = 60_000): Promise<{ calls: number; outcome: unknown; waited: number }> {
  const clock = createVirtualClock();
  const start = clock.now();
  let calls = 0;
  const p = retry(
    async () => {
      const f = failures[calls++];
      if (f !== undefined) throw fail(f);
      return 'ok';
    },
    policy,
    { clock, deadline: start + deadlineMs, random: () => 0.5 },
  ).then(
    (v) => v,
    (e: unknown) => e,
  );
  await clock.run();
  return { calls, outcome: await p, waited: clock.now() - start };
}

describe('retry', () => {
  it('retries throttling and unreachable endpoints for every call: they prove nothing happened', async () => {
    for (const policy of [SAFE_TO_REPEAT, ONLY_IF_NOT_APPLIED]) {
      expect(await attempts(policy, ['throttled', 'unreachable'])).toMatchObject({ calls: 3, outcome: 'ok' });
    }
  });

  it('retries an ambiguous failure only where repeating is safe (reads, publish), never for ResetInstances', async () => {
    expect(await attempts(SAFE_TO_REPEAT, ['ambiguous'])).toMatchObject({ calls: 2, outcome: 'ok' });
    const reset = await attempts(ONLY_IF_NOT_APPLIED, ['ambiguous']);
    expect(reset.calls).toBe(1);
    expect(reset.outcome).toBeInstanceOf(CloudCallError);
    expect((reset.outcome as CloudCallError).failure).toBe('ambiguous');
  });

  it('never retries a rejection', async () => {
    expect(await attempts(SAFE_TO_REPEAT, ['rejected'])).toMatchObject({ calls: 1 });
  });

  it('gives up after maxAttempts with the last error', async () => {
    const r = await attempts(SAFE_TO_REPEAT, Array<FailureKind>(10).fill('unreachable'));
    expect(r.calls).toBe(SAFE_TO_REPEAT.maxAttempts);
    expect(r.outcome).toBeInstanceOf(CloudCallError);
  });

  it('waits out throttling longer than other failures (10 refusals in a row are absorbed), within the deadline', async () => {
    const throttled = await attempts(SAFE_TO_REPEAT, Array<FailureKind>(10).fill('throttled'));
    expect(throttled.calls).toBe(11);
    expect(throttled.outcome).not.toBeInstanceOf(CloudCallError);
  });

  it('starts no wait that would end past the deadline (a throttled retry waits at least 550 ms here)', async () => {
    const r = await attempts(SAFE_TO_REPEAT, Array<FailureKind>(10).fill('throttled'), 500);
    expect(r.calls).toBe(1);
    expect(r.waited).toBe(0);
  });

  it('starts no attempt that would have less than 100 ms before the deadline (the wait here is 75 ms)', async () => {
    // 75 ms of backoff leaves 99 ms: not worth an attempt.
    const short = await attempts(SAFE_TO_REPEAT, ['unreachable'], 75 + MIN_ATTEMPT_MS - 1);
    expect(short).toMatchObject({ calls: 1, waited: 0 });
    expect(short.outcome).toBeInstanceOf(CloudCallError);
    // 100 ms left after the wait: the retry goes.
    expect(await attempts(SAFE_TO_REPEAT, ['unreachable'], 75 + MIN_ATTEMPT_MS)).toMatchObject({ calls: 2, outcome: 'ok', waited: 75 });
  });

  it('backs off exponentially with jitter, capped, and waits out a throttled second', () => {
    const p: RetryPolicy = {
      retryOn: ['unreachable', 'throttled'],
      maxAttempts: 10,
      maxThrottledAttempts: 10,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      throttledMinDelayMs: 500,
    };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(p, a, 'unreachable', () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(p, a, 'unreachable', () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(p, 1, 'throttled', () => 0)).toBe(550);
  });
});
