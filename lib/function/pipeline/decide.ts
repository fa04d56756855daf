import type { Decision } from '../guardrails/decision';
import { imageRefusals } from '../guardrails/image-fit';
import { planReset } from '../guardrails/plan-reset';
import { AppError } from '../kernel/errors';
import type { NewEntry } from '../ledger/ledger-entry';
import { instanceHistory, type LedgerState, resetsInLastHour } from '../ledger/ledger-state';
import type { EcmInstance } from '../ports/cloud-ports';
import type { TriggerKind } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import { summarize } from '../result/build-message';
import type { InstanceResult, RequestSummary } from '../result/result-message';
import type { Invocation } from './invocation';
import type { Targets } from './load-targets';

export type Planned = Extract<Verdict, { kind: 'planned' }>;

/** The guardrails' verdict on a request, on one state of the ledger. */
export type Verdict =
  | { kind: 'rejected'; summary: RequestSummary; error: AppError }
  | { kind: 'duplicate'; results: InstanceResult[]; error: AppError }
  | {
      kind: 'planned';
      summary: RequestSummary;
      /** Instances that pass every guardrail, in request order. */
      toReset: EcmInstance[];
      /** Every instance planned for a reset, before the refusals on the way (image, password). */
      planned: EcmInstance[];
      /** Resets refused on the way to ResetInstances, in the order they were found. */
      refused: Decision[];
      /** The planner's decisions for instances it left alone (skipped or failed). */
      leftAlone: Decision[];
      attempts: EcmInstance[];
      escalate: EcmInstance[];
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

export interface DecideInput {
  resultId: string;
  triggerKind: TriggerKind;
  request: ResetRequest;
  targets: Targets;
  /** The ledger as read (or re-read after a lost race). */
  state: LedgerState;
  /** Unix seconds. */
  now: number;
  /** Refusals found before (the password's): these instances are not reset. */
  refusedBefore?: readonly Decision[];
}

/**
 * Step 3: every guardrail (data safety, allow-list, duplicate, escalation, in progress, cooldown,
 * blast radius, hourly budget, image fit) as one decision per instance, on the ledger's state.
 * Pure: the same input decides the same, so a decision taken again after a lost race is sound.
 */
export function decide(inv: Invocation, input: DecideInput): Verdict {
  const { request, targets, state, now, resultId } = input;
  const { tally } = inv;
  const plan = planReset({
    request,
    triggerKind: input.triggerKind,
    resultId,
    instances: targets.found,
    missingIds: targets.missing,
    resetsLastHour: resetsInLastHour(state, now),
    history: (id) => instanceHistory(state, id, now),
    resetThisInvocation: tally.resets + tally.duplicates,
    config: inv.config,
    now,
  });
  const effective = { ...request, dryRun: request.dryRun || inv.config.dryRun };
  if (plan.kind === 'rejected') return { kind: 'rejected', summary: summarize(effective, targets.requestedIds), error: plan.error };
  const leftAlone = plan.decisions.filter((d) => d.action !== 'reset');
  if (plan.decisions.length > 0 && plan.decisions.every((d) => d.code === 'Guard.Duplicate')) {
    return { kind: 'duplicate', results: leftAlone.map(resultOf), error: new AppError('Guard.Duplicate', `already handled as ${resultId}`) };
  }
  const refused = [
    ...imageRefusals(targets.image, plan.toReset),
    ...(input.refusedBefore ?? []).filter((d) => plan.toReset.some((i) => i.instanceId === d.instanceId)),
  ];
  return {
    kind: 'planned',
    summary: summarize(effective, request.target.kind === 'ids' ? targets.requestedIds : plan.decisions.map((d) => d.instanceId)),
    toReset: without(plan.toReset, refused),
    planned: plan.toReset,
    refused,
    leftAlone,
    attempts: plan.attempts,
    escalate: plan.escalate,
  };
}

/** The ledger entry that records a planned verdict (null when there is nothing to remember). */
export function decisionEntry(v: Planned, rid: string, now: number, deadlineMs: number): NewEntry | null {
  const ids = (list: readonly EcmInstance[]) => list.map((i) => i.instanceId);
  if (v.toReset.length === 0 && v.attempts.length === 0 && v.escalate.length === 0) return null;
  const skipped = Object.fromEntries([...v.leftAlone, ...v.refused].map((d) => [d.instanceId, d.code]));
  return {
    kind: 'decide',
    at: now,
    rid,
    exp: Math.ceil(deadlineMs / 1000),
    reset: ids(v.toReset),
    attempt: ids(v.attempts),
    escalate: ids(v.escalate),
    skipped,
  };
}
