import type { Decision } from '../guardrails/decision';
import { imageRefusals } from '../guardrails/image-fit';
import { planReset } from '../guardrails/plan-reset';
import { AppError } from '../kernel/errors';
import type { EcmInstance } from '../ports/cloud-ports';
import type { ResetRequest } from '../request/reset-request';
import { summarize } from '../result/build-message';
import type { InstanceResult, RequestSummary } from '../result/result-message';
import type { Invocation } from './invocation';
import type { Targets } from './load-targets';

/** The guardrails' verdict on a request, before the password and the ledger have their say. */
export type Verdict =
  | { kind: 'rejected'; summary: RequestSummary; error: AppError }
  | { kind: 'duplicate'; results: InstanceResult[]; error: AppError }
  | {
      kind: 'planned';
      summary: RequestSummary;
      /** Instances that pass every guardrail so far, in request order. */
      toReset: EcmInstance[];
      /** Every instance planned for a reset, before the refusals on the way (image, password, state). */
      planned: EcmInstance[];
      /** Resets refused on the way to ResetInstances, in the order they were found. */
      refused: Decision[];
      /** The planner's decisions for instances it left alone (skipped or failed). */
      leftAlone: Decision[];
      attempts: EcmInstance[];
      escalate: EcmInstance[];
      seen: EcmInstance[];
    };

/** A decision as the result message shows it. */
export const resultOf = (d: Decision): InstanceResult => ({
  instanceId: d.instanceId,
  status: d.action === 'fail' ? 'failed' : 'skipped',
  code: d.code,
  message: d.message,
  apiRequestId: null,
});

/** Removes refused instances from the ones still to reset. */
export const without = (instances: readonly EcmInstance[], refused: readonly Decision[]): EcmInstance[] => {
  const gone = new Set(refused.map((d) => d.instanceId));
  return instances.filter((i) => !gone.has(i.instanceId));
};

/**
 * Step 3: every guardrail that needs no password and no write (data safety, allow-list,
 * duplicate, escalation, in progress, cooldown, blast radius, hourly budget, image fit), as one
 * decision per instance. Pure: the I/O was loadTargets.
 */
export function decide(
  inv: Invocation,
  resultId: string,
  triggerKind: Parameters<typeof planReset>[0]['triggerKind'],
  request: ResetRequest,
  targets: Targets,
  now: number,
): Verdict {
  const { tally } = inv;
  const plan = planReset({
    request,
    triggerKind,
    resultId,
    instances: targets.found,
    missingIds: targets.missing,
    resetsLastHour: targets.resetsLastHour,
    resetThisInvocation: tally.resets + tally.duplicates,
    config: inv.config,
    now,
  });
  const effective = { ...request, dryRun: request.dryRun || inv.config.dryRun };
  if (plan.kind === 'rejected') return { kind: 'rejected', summary: summarize(effective, targets.requestedIds), error: plan.error };
  const leftAlone = plan.decisions.filter((d) => d.action !== 'reset');
  tally.duplicates += plan.decisions.filter((d) => d.code === 'Guard.Duplicate').length;
  if (plan.decisions.length > 0 && plan.decisions.every((d) => d.code === 'Guard.Duplicate')) {
    // The same event again (a retry or a redelivery): its outcome was published the first time.
    return { kind: 'duplicate', results: leftAlone.map(resultOf), error: new AppError('Guard.Duplicate', `already handled as ${resultId}`) };
  }
  const refused = imageRefusals(targets.image, plan.toReset);
  return {
    kind: 'planned',
    summary: summarize(effective, request.target.kind === 'ids' ? targets.requestedIds : plan.decisions.map((d) => d.instanceId)),
    toReset: without(plan.toReset, refused),
    planned: plan.toReset,
    refused,
    leftAlone,
    attempts: plan.attempts,
    escalate: plan.escalate,
    seen: plan.seen,
  };
}
