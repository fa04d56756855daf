import { AppError } from '../kernel/errors';
import type { EcmInstance } from '../ports/cloud-ports';
import { terminalType } from '../result/build-message';
import type { InstanceResult, RequestSummary } from '../result/result-message';
import type { Outcome } from './outcome';
import type { Run } from './run';

/**
 * Step 8: exactly one terminal message for the request, then one `reset.escalated` for each
 * instance that just crossed the escalation budget (a human is asked once).
 */
export async function finishReset(run: Run, summary: RequestSummary, results: InstanceResult[], escalate: readonly EcmInstance[]): Promise<Outcome> {
  const outcome = await run.finish(terminalType(results), summary, results, null);
  for (const instance of escalate) {
    await run.publishExtra(
      'reset.escalated',
      summary,
      results.filter((r) => r.instanceId === instance.instanceId),
      new AppError(
        'Guard.Escalated',
        `${instance.instanceId} was asked to reset ${run.inv.config.escalateAfter} or more times in 24 h; it is left alone until a human looks`,
      ),
    );
  }
  return { ...outcome, messages: run.messages, published: run.published() };
}
