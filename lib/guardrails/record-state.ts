import type { EcmInstance } from '../ports';
import type { Invocation } from '../pipeline/invocation';
import { appendAttemptId, appendEntry, hourOf, readHistory, stamp, TAG_ATTEMPTS, TAG_ESCALATED, TAG_HISTORY, TAG_HOUR, TAG_LAST, TAG_PENDING } from './reset-history';

export interface StateChanges {
  resultId: string;
  /** Unix seconds. */
  now: number;
  reset: readonly EcmInstance[];
  attempts: readonly EcmInstance[];
  escalated: readonly EcmInstance[];
}

/** Tags for each instance; instances with equal tags share TagResources calls. */
function plannedTags(c: StateChanges): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const add = (i: EcmInstance, tags: Record<string, string>) => out.set(i.instanceId, { ...(out.get(i.instanceId) ?? {}), ...tags });
  for (const i of c.reset) {
    add(i, {
      [TAG_LAST]: stamp(c.now, c.resultId),
      [TAG_PENDING]: stamp(c.now, c.resultId),
      [TAG_HISTORY]: appendEntry(readHistory(i.tags).entries, { at: c.now, kind: 'reset' }),
      [TAG_HOUR]: hourOf(c.now),
    });
  }
  for (const i of c.attempts) {
    const history = readHistory(i.tags);
    add(i, {
      [TAG_HISTORY]: appendEntry(history.entries, { at: c.now, kind: 'attempt' }),
      [TAG_ATTEMPTS]: appendAttemptId(history.attemptIds, c.resultId),
    });
  }
  for (const i of c.escalated) add(i, { [TAG_ESCALATED]: String(c.now) });
  return out;
}

/**
 * Persists what the guardrails need next time (cooldown, history, escalation, pending
 * completion) in the instances' tags. A failure is logged, not fatal: the reset has started,
 * and ECM itself refuses a second reset while one runs.
 * @returns false when some tags could not be written
 */
export async function recordState(inv: Invocation, changes: StateChanges): Promise<boolean> {
  const groups = new Map<string, { ids: string[]; tags: Record<string, string> }>();
  for (const [id, tags] of plannedTags(changes)) {
    const key = JSON.stringify(Object.entries(tags).sort());
    const g = groups.get(key) ?? { ids: [], tags };
    g.ids.push(id);
    groups.set(key, g);
  }
  const outcomes = await Promise.allSettled([...groups.values()].map((g) => inv.cloud.tagInstances(g.ids, g.tags)));
  const failed = outcomes.filter((o) => o.status === 'rejected');
  if (failed.length > 0) {
    inv.log.error('guard.state.write-failed', {
      resultId: changes.resultId,
      failedCalls: failed.length,
      reason: failed[0]?.status === 'rejected' && failed[0].reason instanceof Error ? failed[0].reason.message : 'unknown',
    });
    return false;
  }
  return true;
}
