import { type AppError, toAppError } from '../kernel/errors';
import type { RecordedOutcome } from '../ledger/ledger';
import type { AlarmIntent, RejectedIntent, RequestIntent } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import { summarize } from '../result/build-message';
import { commitDecision } from './commit-decision';
import { decide, resultOf } from './decide';
import { executeReset } from './execute-reset';
import { forgetPassword, type PasswordFit, passwordFor } from './fetch-password';
import { finishReset } from './finish-reset';
import type { Invocation } from './invocation';
import { loadTargets } from './load-targets';
import type { Outcome } from './outcome';
import { recallOutcome, replayOutcome } from './recall-outcome';
import { releaseUnstarted } from './release-unstarted';
import { resolveRequest } from './resolve-request';
import { openRun, type Run } from './run';
import { takeOver } from './take-over';

/**
 * One intent through the pipeline, as its named steps: recall (a redelivery reports what was
 * decided) → resolve the request → load the targets → decide (guardrails, on the ledger) → the
 * password → reserve (the decision, committed to the ledger atomically) → ResetInstances →
 * release what did not start → record and publish exactly one terminal message (plus escalations).
 */
export async function processIntent(inv: Invocation, intent: RequestIntent | AlarmIntent | RejectedIntent): Promise<Outcome> {
  const run = openRun(inv, intent);
  // Read side by side with the targets and the ledger: a redelivery costs no extra round trip.
  const recalled = recallOutcome(run);
  if (intent.type === 'rejected') {
    const prior = await recalled;
    return prior === null ? run.finish('reset.rejected', null, [], intent.error) : replayOutcome(run, prior);
  }
  const resolved = await resolveRequest(run, intent);
  if (resolved.kind === 'done') return resolved.outcome;
  try {
    return await resetRequest(run, resolved.request, recalled);
  } catch (e) {
    const err = toAppError(e);
    // The ledger is down: nothing was reset and nothing is published (it could be contradicted
    // later); the invocation fails, so SCF retries it and the caller sees 503.
    if (run.deferred) throw err;
    if (err.code === 'State.Unavailable' && !run.sent) {
      run.inv.log.error('reset.deferred', { type: null, error: null, reason: err.message });
      throw err;
    }
    run.inv.log.error('reset.error', { code: err.resultCode, message: err.message });
    const request = { ...resolved.request, dryRun: resolved.request.dryRun || run.inv.config.dryRun };
    return run.finish('reset.failed', summarize(request, request.target.kind === 'ids' ? request.target.instanceIds : []), [], err);
  }
}

async function resetRequest(run: Run, request: ResetRequest, recalled: Promise<RecordedOutcome | null>): Promise<Outcome> {
  const { inv, id } = run;
  const now = Math.floor(inv.clock.now() / 1000);
  const [targets, state, prior] = await Promise.all([loadTargets(inv, request), inv.ledger.read(inv), recalled]);
  if (prior !== null) return replayOutcome(run, prior);
  const open = state.requests[id];
  const first = decide(inv, { resultId: id, triggerKind: run.trigger.kind, request, targets, state, now });
  if (open !== undefined)
    return takeOver(run, open, request, targets.image, first.kind === 'duplicate' ? summarize(request, targets.requestedIds) : first.summary);
  if (first.kind === 'rejected') return run.finish('reset.rejected', first.summary, [], first.error);
  if (first.kind === 'duplicate') return run.silent('duplicate', first.results, first.error);
  const fit = await password(run, first.toReset, targets.image, first);
  if ('outcome' in fit) return fit.outcome;
  if (first.summary.dryRun) {
    const candidates = first.toReset.filter((i) => !fit.refusals.some((d) => d.instanceId === i.instanceId));
    const would = candidates.map((i) => ({
      instanceId: i.instanceId,
      status: 'skipped' as const,
      code: 'DryRun',
      message: 'would be reset',
      apiRequestId: null,
    }));
    return run.finish('reset.dry-run', first.summary, [...would, ...[...first.refused, ...fit.refusals].map(resultOf), ...first.leftAlone.map(resultOf)], null);
  }
  const verdict = await commitDecision(run, request, targets, fit.refusals, state);
  if (verdict.kind === 'in-flight') {
    // Another delivery of this event holds its instances: they count toward this batch's radius too.
    inv.tally.duplicates += verdict.reserved;
    return run.silent('duplicate', [], null);
  }
  if (verdict.kind === 'duplicate') return run.silent('duplicate', verdict.results, null);
  if (verdict.kind === 'rejected') return run.finish('reset.rejected', verdict.summary, [], verdict.error);
  run.sent = verdict.toReset.length > 0;
  const { imageId, keepData, keepImageLogin, enhancedService } = request;
  const reset = await executeReset(inv, verdict.toReset, { imageId, keepData, keepImageLogin, enhancedService, password: fit.password });
  if (reset.results.some((r) => r.code === 'InvalidParameterValue.InvaildPassword')) forgetPassword(inv);
  inv.tally.resets += reset.results.filter((r) => r.status === 'accepted').length;
  await releaseUnstarted(run, reset, now);
  const results = [...reset.results, ...verdict.refused.map(resultOf), ...verdict.leftAlone.map(resultOf)];
  return finishReset(run, verdict.summary, results, verdict.escalate, now);
}

/** Step 4: the password and the instances whose OS refuses it; a failure ends the request. */
async function password(
  run: Run,
  instances: Parameters<typeof passwordFor>[1],
  image: Parameters<typeof passwordFor>[2],
  verdict: Extract<ReturnType<typeof decide>, { kind: 'planned' }>,
): Promise<PasswordFit | { outcome: Outcome }> {
  try {
    return await passwordFor(run.inv, instances, image);
  } catch (e) {
    const err: AppError = toAppError(e);
    const failed = verdict.planned.map((i) => ({
      instanceId: i.instanceId,
      status: 'failed' as const,
      code: err.resultCode,
      message: err.message,
      apiRequestId: err.apiRequestId ?? null,
    }));
    return { outcome: await run.finish('reset.failed', verdict.summary, failed, err) };
  }
}
