import type { Clock } from '../kernel/clock';
import { CloudCallError, type FailureKind } from './cloud-error';

export interface RetryPolicy {
  /** Failure kinds that prove nothing happened, or that are safe to repeat. */
  retryOn: readonly FailureKind[];
  maxAttempts: number;
  /**
   * Attempts when the failure is throttling: the API's limit is per second and shared with other
   * copies of the function, so it is worth waiting out for longer (still never past the deadline).
   */
  maxThrottledAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Least wait after RequestLimitExceeded: the API counts per second, so a retry within the
   * same second is likely refused again (another copy of the function may be sharing the limit).
   */
  throttledMinDelayMs: number;
}

/** Reads and publishing may repeat: they change nothing, or a duplicate message (same id) is harmless. */
export const SAFE_TO_REPEAT: RetryPolicy = {
  retryOn: ['throttled', 'unreachable', 'ambiguous'],
  maxAttempts: 5,
  maxThrottledAttempts: 15,
  baseDelayMs: 100,
  maxDelayMs: 2000,
  throttledMinDelayMs: 500,
};

/**
 * ResetInstances: only when the request provably did not take effect. An ambiguous failure is
 * not retried here; execute-reset reconciles it with DescribeInstances instead.
 */
export const ONLY_IF_NOT_APPLIED: RetryPolicy = {
  retryOn: ['throttled', 'unreachable'],
  maxAttempts: 6,
  maxThrottledAttempts: 15,
  baseDelayMs: 200,
  maxDelayMs: 3000,
  throttledMinDelayMs: 500,
};

/**
 * No attempt starts with less time than this before the deadline: it could hardly get its
 * answer, and a write cut off mid-way is ambiguous (cloud-calls refuses such a first attempt too).
 */
export const MIN_ATTEMPT_MS = 100;

export interface RetryContext {
  clock: Clock;
  /** Epoch ms after which no new attempt starts (the invocation's remaining time), nor one with less than MIN_ATTEMPT_MS left. */
  deadline: number;
  random?: () => number;
  onRetry?: (error: CloudCallError, attempt: number, delayMs: number) => void;
}

/**
 * The wait before attempt `attempt + 1`: exponential, capped, with equal jitter (half fixed,
 * half random), after a fixed floor when throttled.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, failure: FailureKind, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const floor = failure === 'throttled' ? policy.throttledMinDelayMs : 0;
  return Math.round(floor + cap / 2 + (random() * cap) / 2);
}

/**
 * Runs `fn` until it succeeds, fails in a way the policy does not retry, runs out of attempts,
 * or the next wait would leave less than MIN_ATTEMPT_MS before the deadline; then the last error
 * is thrown as it came.
 */
export async function retry<T>(fn: () => Promise<T>, policy: RetryPolicy, ctx: RetryContext): Promise<T> {
  const random = ctx.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof CloudCallError) || !policy.retryOn.includes(e.failure)) throw e;
      if (attempt >= (e.failure === 'throttled' ? policy.maxThrottledAttempts : policy.maxAttempts)) throw e;
      const delay = backoffDelay(policy, attempt, e.failure, random);
      if (ctx.clock.now() + delay + MIN_ATTEMPT_MS > ctx.deadline) throw e;
      ctx.onRetry?.(e, attempt, delay);
      await ctx.clock.sleep(delay);
    }
  }
}
