import * as ledger from '../ledger/ledger';
import type { EcmInstance } from '../ports/cloud-ports';
import type { InstanceResult } from '../result/result-message';
import type { Verdict } from './decide';
import type { ResetOutcome } from './execute-reset';
import type { Invocation } from './invocation';
import type { Reserved } from './reserve';

/**
 * Step 7: confirm and release. The rest of a fleet is marked, the reservations of instances ECM
 * certainly did not start are given back, refused attempts and escalations are recorded.
 * @returns the reset results, each accepted instance whose late mark failed saying so
 */
export async function settleLedger(
  inv: Invocation,
  c: { resultId: string; now: number; verdict: Extract<Verdict, { kind: 'planned' }>; reserved: Reserved; reset: ResetOutcome },
): Promise<InstanceResult[]> {
  const { reserved, reset, verdict } = c;
  const accepted = new Set(reset.results.filter((r) => r.status === 'accepted').map((r) => r.instanceId));
  const late = (i: EcmInstance) => reserved.late.has(i.instanceId);
  const failures = await ledger.settle(inv, {
    resultId: c.resultId,
    now: c.now,
    release: reserved.toReset.filter((i) => reset.notStarted.has(i.instanceId) && !late(i)),
    marks: reserved.toReset.filter((i) => late(i) && accepted.has(i.instanceId)),
    attempts: verdict.attempts,
    escalated: verdict.escalate,
    seen: verdict.seen,
  });
  return reset.results.map((r) => {
    const why = r.status === 'accepted' && reserved.late.has(r.instanceId) ? failures.get(r.instanceId) : undefined;
    return why === undefined
      ? r
      : { ...r, message: `${r.message}; its guardrail mark could not be written (${why}), so the cooldown and duplicate checks do not see this reset` };
  });
}
