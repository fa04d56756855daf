import type { Decision } from '../guardrails/decision';
import type { LedgerState } from '../ledger/ledger-state';
import type { ResetRequest } from '../request/reset-request';
import { decide, decisionEntry, type Verdict } from './decide';
import type { Targets } from './load-targets';
import type { Run } from './run';

/**
 * Step 5: the decision, taken again and recorded as the ledger's next entry in one atomic step
 * (reserve). It is first taken on `read`, the state loaded beside the targets; if another copy of
 * the function wrote in the meantime, the create is refused and the decision is taken again on the
 * latest state: its reservations count toward the cooldown and the hourly budget, and a request
 * that is already in the ledger under this id is in flight elsewhere (then nothing is recorded).
 */
export function commitDecision(
  run: Run,
  request: ResetRequest,
  targets: Targets,
  refusedBefore: readonly Decision[],
  read: LedgerState,
): Promise<Verdict | { kind: 'in-flight'; reserved: number }> {
  const { inv } = run;
  return inv.ledger.commit<Verdict | { kind: 'in-flight'; reserved: number }>(
    inv,
    (state) => {
      const open = state.requests[run.id];
      if (open !== undefined) return { entry: null, result: { kind: 'in-flight', reserved: open.ids.length } };
      const now = Math.floor(inv.clock.now() / 1000);
      const verdict = decide(inv, { resultId: run.id, triggerKind: run.trigger.kind, request, targets, state, now, refusedBefore });
      return { entry: verdict.kind === 'planned' ? decisionEntry(verdict, run.id, now, inv.deadline) : null, result: verdict };
    },
    read,
  );
}
