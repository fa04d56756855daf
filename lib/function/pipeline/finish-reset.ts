import { AppError } from '../kernel/errors';
import { mirrorEscalations } from '../ledger/mirror-tags';
import type { EcmInstance } from '../ports/cloud-ports';
import { terminalType } from '../result/build-message';
import type { InstanceResult, RequestSummary } from '../result/result-message';
import type { Outcome } from './outcome';
import type { Run } from './run';

/**
 * Step 8: exactly one terminal message for the request, then one `reset.escalated` for each
 * instance that just crossed the escalation budget (a human is asked once), recorded together.
 */
export async function finishReset(
  run: Run,
  summary: RequestSummary,
  results: InstanceResult[],
  escalate: readonly EcmInstance[],
  now: number,
): Promise<Outcome> {
  const escalations = escalate.map((i) => ({
    instanceId: i.instanceId,
    error: new AppError(
      'Guard.Escalated',
      `${i.instanceId} was asked to reset ${run.inv.config.escalateAfter} or more times in 24 h; it is left alone until a human releases it`,
    ),
  }));
  const [outcome] = await Promise.all([
    run.finish(terminalType(results), summary, results, null, escalations),
    mirrorEscalations(
      run.inv,
      escalations.map((e) => e.instanceId),
      now,
    ),
  ]);
  return outcome;
}
