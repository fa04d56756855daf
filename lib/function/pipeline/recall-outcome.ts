import type { RecordedOutcome } from '../ledger/ledger';
import type { Outcome } from './outcome';
import type { Run } from './run';

/**
 * Step 0: the outcome a first delivery of this event recorded, if any. Read side by side with
 * the rest (no side effect: a failure reads as none, and a decision that needs the ledger then
 * fails closed on its own).
 */
export async function recallOutcome(run: Run): Promise<RecordedOutcome | null> {
  try {
    return await run.inv.ledger.recall(run.inv, run.id);
  } catch (e) {
    run.inv.log.warn('ledger.recall-failed', { reason: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

/**
 * A redelivery (SCF's retry, a queue redelivering a batch, Cloud Monitor pushing an alarm again)
 * reports what its first delivery recorded, publishing it only if that run did not get to, and
 * counts its resets toward this invocation's blast radius, so a redelivered batch never resets
 * more than its first delivery could.
 */
export function replayOutcome(run: Run, recorded: RecordedOutcome): Promise<Outcome> {
  run.inv.tally.duplicates += recorded.messages[0]?.results.filter((r) => r.status === 'accepted').length ?? 0;
  return run.replay(recorded);
}
