import type { Outcome } from './outcome';
import type { Run } from './run';

/**
 * Step 0: the outcome a first delivery of this event recorded. A redelivery (SCF's retry, a queue
 * redelivering a batch, Cloud Monitor pushing an alarm again) reports that outcome, publishing it
 * only if the first run did not get to, and counts its resets toward this invocation's blast
 * radius, so a redelivered batch never resets more than its first delivery could.
 */
export async function recallOutcome(run: Run): Promise<Outcome | null> {
  const { inv } = run;
  let recorded: Awaited<ReturnType<typeof inv.ledger.recall>>;
  try {
    recorded = await inv.ledger.recall(inv, run.id);
  } catch (e) {
    // Decided below as if new: a decision that needs the ledger then fails closed.
    inv.log.warn('ledger.recall-failed', { reason: e instanceof Error ? e.message : String(e) });
    return null;
  }
  if (recorded === null) return null;
  inv.tally.duplicates += recorded.messages[0]?.results.filter((r) => r.status === 'accepted').length ?? 0;
  return run.replay(recorded);
}
