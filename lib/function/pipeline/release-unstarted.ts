import type { ResetOutcome } from './execute-reset';
import type { Run } from './run';

/** ECM's refusal that means someone else is operating the instance: not ours to give back. */
const IN_PROGRESS = 'OperationDenied.InstanceOperationInProgress';

/**
 * Step 7 (release): gives back the instances ResetInstances certainly did not start, so a
 * corrected request is not held by a cooldown for a reset that never ran. Only this request's own
 * reservations are released, never another's. An in-progress refusal means someone else owns the
 * instance right now: the reservation stays (the cooldown then holds, failing closed).
 */
export async function releaseUnstarted(run: Run, reset: ResetOutcome, now: number): Promise<void> {
  const ids = reset.results.filter((r) => reset.notStarted.has(r.instanceId) && r.code !== IN_PROGRESS).map((r) => r.instanceId);
  if (ids.length === 0) return;
  try {
    await run.inv.ledger.append(run.inv, { kind: 'release', at: now, rid: run.id, ids });
  } catch (e) {
    // The reservation stays: the instance waits out a cooldown it did not need. Safe, and said.
    run.inv.log.error('ledger.release-failed', { instanceIds: ids, reason: e instanceof Error ? e.message : String(e) });
  }
}
