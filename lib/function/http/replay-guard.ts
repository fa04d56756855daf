/**
 * Remembers recently accepted request signatures so the same signed request cannot be replayed
 * while its timestamp is still fresh.
 *
 * It lives in one warm SCF container: another container (or a cold start) has its own, empty
 * guard. That is accepted on purpose: a duplicate that reaches a different container is caught
 * later by the pipeline's idempotency (same request identity → same result id), so this guard
 * is a cheap first line, not the only one. Only signatures that already verified are recorded
 * (see `verifyV1`), so unauthenticated traffic cannot fill it.
 */

export interface ReplayGuard {
  /** true when `signature` was recorded within the window; otherwise records it and returns false. */
  seen(signature: string, nowMs: number): boolean;
}

export interface ReplayGuardOptions {
  /** How long a recorded signature is remembered. */
  windowMs: number;
  /**
   * Upper bound on remembered signatures; when full, the oldest is forgotten. Only holders of a
   * caller key can add entries, and the pipeline's idempotency still catches what slips through.
   */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

export function createReplayGuard({ windowMs, maxEntries = DEFAULT_MAX_ENTRIES }: ReplayGuardOptions): ReplayGuard {
  if (!(windowMs > 0) || !(maxEntries > 0)) throw new RangeError('windowMs and maxEntries must be positive');
  // Map keeps insertion order, which is (nearly) time order: expiry only needs to look at the front.
  const recordedAt = new Map<string, number>();

  const expire = (nowMs: number): void => {
    for (const [signature, at] of recordedAt) {
      if (nowMs - at <= windowMs) break;
      recordedAt.delete(signature);
    }
  };

  return {
    seen(signature, nowMs) {
      expire(nowMs);
      const at = recordedAt.get(signature);
      // Checked again here because a clock step backwards can leave an old entry behind a newer one.
      if (at !== undefined && nowMs - at <= windowMs) return true;
      recordedAt.delete(signature);
      while (recordedAt.size >= maxEntries) {
        const oldest = recordedAt.keys().next();
        if (oldest.done === true) break;
        recordedAt.delete(oldest.value);
      }
      recordedAt.set(signature, nowMs);
      return false;
    },
  };
}
