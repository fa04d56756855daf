import { toAppError } from '../kernel/errors';
import type { AlarmIntent, RejectedIntent, RequestIntent } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import { summarize } from '../result/build-message';
import { decide, resultOf } from './decide';
import { executeReset } from './execute-reset';
import { forgetPassword, type PasswordFit, passwordFor } from './fetch-password';
import { finishReset } from './finish-reset';
import type { Invocation } from './invocation';
import { loadTargets } from './load-targets';
import type { Outcome } from './outcome';
import { reserveInstances } from './reserve';
import { resolveRequest } from './resolve-request';
import { openRun, type Run } from './run';
import { settleLedger } from './settle';

/**
 * One intent through the pipeline, as its named steps: resolve the request → load the targets →
 * decide (guardrails) → the password → reserve (ledger) → ResetInstances → confirm and release
 * (ledger) → publish exactly one terminal message (plus escalations).
 */
export async function processIntent(inv: Invocation, intent: RequestIntent | AlarmIntent | RejectedIntent): Promise<Outcome> {
  const run = openRun(inv, intent);
  if (intent.type === 'rejected') return run.finish('reset.rejected', null, [], intent.error);
  const resolved = await resolveRequest(run, intent);
  if (resolved.kind === 'done') return resolved.outcome;
  try {
    return await resetRequest(run, resolved.request);
  } catch (e) {
    const err = toAppError(e);
    run.inv.log.error('reset.error', { code: err.resultCode, message: err.message });
    const request = { ...resolved.request, dryRun: resolved.request.dryRun || run.inv.config.dryRun };
    return run.finish('reset.failed', summarize(request, request.target.kind === 'ids' ? request.target.instanceIds : []), [], err);
  }
}

async function resetRequest(run: Run, request: ResetRequest): Promise<Outcome> {
  const { inv, id } = run;
  const now = Math.floor(inv.clock.now() / 1000);
  const targets = await loadTargets(inv, request, now);
  const verdict = decide(inv, id, run.trigger.kind, request, targets, now);
  if (verdict.kind === 'rejected') return run.finish('reset.rejected', verdict.summary, [], verdict.error);
  if (verdict.kind === 'duplicate') {
    inv.log.info('reset.duplicate', { identity: run.identity });
    return run.silent('duplicate', verdict.results, verdict.error);
  }
  const skipped = verdict.leftAlone.map(resultOf);
  let fit: PasswordFit;
  try {
    fit = await passwordFor(inv, verdict.toReset, targets.image);
  } catch (e) {
    const err = toAppError(e);
    const failed = verdict.planned.map((i) => ({
      instanceId: i.instanceId,
      status: 'failed' as const,
      code: err.resultCode,
      message: err.message,
      apiRequestId: err.apiRequestId ?? null,
    }));
    return run.finish('reset.failed', verdict.summary, failed, err);
  }
  const candidates = verdict.toReset.filter((i) => !fit.refusals.some((d) => d.instanceId === i.instanceId));
  const refused = [...verdict.refused, ...fit.refusals];
  if (verdict.summary.dryRun) {
    const would = candidates.map((i) => ({
      instanceId: i.instanceId,
      status: 'skipped' as const,
      code: 'DryRun',
      message: 'would be reset',
      apiRequestId: null,
    }));
    return run.finish('reset.dry-run', verdict.summary, [...would, ...refused.map(resultOf), ...skipped], null);
  }
  const reserved = await reserveInstances(inv, id, now, candidates);
  const { imageId, keepData, keepImageLogin, enhancedService } = request;
  const reset = await executeReset(inv, reserved.toReset, { imageId, keepData, keepImageLogin, enhancedService, password: fit.password });
  if (reset.results.some((r) => r.code === 'InvalidParameterValue.InvaildPassword')) forgetPassword(inv);
  inv.tally.hourBaseline ??= targets.tagged;
  inv.tally.resets += reset.results.filter((r) => r.status === 'accepted').length;
  const confirmed = await settleLedger(inv, { resultId: id, now, verdict, reserved, reset });
  const notSent = [...refused, ...reserved.refused].map(resultOf);
  return finishReset(run, verdict.summary, [...confirmed, ...notSent, ...skipped], verdict.escalate);
}
