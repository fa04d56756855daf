import { AppError, toAppError } from '../kernel/errors';
import { planReset, type Decision } from '../guardrails/plan-reset';
import { recordAfterReset, reserveResets } from '../ledger/record-state';
import { HOUR_SECONDS, readHistory, recentHours, TAG_HOUR, within } from '../guardrails/reset-history';
import type { EcmInstance } from '../ports/cloud-ports';
import type { ResetRequest } from '../request/reset-request';
import { validateRequest } from '../request/validate-request';
import { buildMessage, summarize, terminalType } from '../result/build-message';
import { publishResult } from '../result/publish-result';
import type { InstanceResult, RequestSummary, ResultMessage, ResultType } from '../result/result-message';
import type { Intent, TriggerRef } from '../request/intent';
import { executeReset } from './execute-reset';
import { fetchPassword, forgetPassword, passwordOs } from './fetch-password';
import type { Invocation } from './invocation';
import type { Outcome } from './outcome';
import { requestFromAlarm } from './resolve-alarm';
import { resultIdFor } from './result-id';

const seconds = (ms: number) => Math.floor(ms / 1000);

const fromDecision = (d: Decision): InstanceResult => ({
  instanceId: d.instanceId,
  status: d.action === 'fail' ? 'failed' : 'skipped',
  code: d.code,
  message: d.message,
  apiRequestId: null,
});

/** Per-instance codes that mean "nothing happened, try again later" (503 rather than 502). */
const RETRY_LATER = new Set(['Cloud.Unavailable', 'State.Unavailable', 'Invocation.TimeLimit']);

/** HTTP status of a finished request: 202 when anything was (or would be) reset. */
function statusOf(type: ResultType, results: readonly InstanceResult[], error: AppError | null): number {
  if (error) return error.status;
  if (type === 'reset.accepted' || type === 'reset.partial' || type === 'reset.dry-run') return 202;
  if (type === 'reset.rejected') return results.some((r) => r.code === 'Guard.NotAllowed') ? 403 : 409;
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0 && failed.every((r) => r.code.startsWith('ResourceNotFound'))) return 404;
  // Refused by the function itself for the request's sake (e.g. a 32-bit image on 8 GB): the caller's to fix.
  if (failed.length > 0 && failed.every((r) => r.code.startsWith('Request.'))) return 400;
  // DESIGN: 409 when an operation is already in progress, whether we saw it or the API did.
  if (failed.length > 0 && failed.every((r) => r.code === 'OperationDenied.InstanceOperationInProgress')) return 409;
  return failed.some((r) => r.code.startsWith('RequestLimitExceeded') || RETRY_LATER.has(r.code)) ? 503 : 502;
}

/**
 * One intent through the whole pipeline: request → targets → guardrails → password →
 * ResetInstances → state → exactly one terminal message (plus escalations).
 */
interface Finisher {
  finish(type: ResultType, request: RequestSummary | null, results: InstanceResult[], error: AppError | null): Promise<Outcome>;
  publish(m: ResultMessage): Promise<void>;
  readonly messages: ResultMessage[];
  readonly published: () => boolean;
}

function finisher(inv: Invocation, trigger: TriggerRef, id: string): Finisher {
  const startedAt = inv.clock.now();
  const messages: ResultMessage[] = [];
  let published = true;
  const publish = async (m: ResultMessage) => {
    messages.push(m);
    const r = await publishResult(inv.cloud, inv.config.topic, inv.log, m);
    if (!r.published) published = false;
  };
  return {
    messages,
    published: () => published,
    publish,
    async finish(type, request, results, error) {
      await publish(buildMessage({ type, id, time: new Date(inv.clock.now()), trigger, request, results, error, functionRequestId: inv.functionRequestId }));
      const outcome: Outcome = { id, type, status: statusOf(type, results, error), results, error, messages, published };
      logDecision(inv, trigger, outcome, request, startedAt);
      return outcome;
    },
  };
}

/**
 * Refuses an authenticated request before it is read (e.g. a Slack user not on the list):
 * the refusal is published like any other outcome.
 */
export function rejectIntent(inv: Invocation, trigger: TriggerRef, identity: string, error: AppError): Promise<Outcome> {
  return finisher(inv, trigger, resultIdFor(identity)).finish('reset.rejected', null, [], error);
}

/**
 * One intent through the whole pipeline: request → targets → guardrails → password →
 * ResetInstances → state → exactly one terminal message (plus escalations).
 */
export async function processIntent(inv: Invocation, intent: Intent): Promise<Outcome> {
  const id = resultIdFor(intent.identity);
  const trigger = intent.trigger;
  const f = finisher(inv, trigger, id);
  const { finish, publish, messages } = f;

  // 1. The request.
  let request: ResetRequest;
  if (intent.type === 'alarm') {
    if (!intent.firing) {
      inv.log.info('alarm.recovered', { trigger, identity: intent.identity, summary: intent.summary });
      return { id: null, type: 'ignored', status: 200, results: [], error: null, messages, published: true };
    }
    try {
      const r = await requestFromAlarm(inv, intent);
      if (r instanceof AppError) return finish('reset.rejected', null, [], r);
      request = r;
    } catch (e) {
      return finish('reset.failed', null, [], toAppError(e));
    }
  } else {
    const r = intent.payloadError !== undefined
      ? new AppError('Request.Invalid', `invalid reset request: ${intent.payloadError}`, { issues: [{ path: '', message: intent.payloadError }] })
      : validateRequest(intent.payload, intent.defaults, inv.config.passwordSecret !== null);
    if (r instanceof AppError) return finish('reset.rejected', null, [], r);
    request = r;
  }
  const dryRun = request.dryRun || inv.config.dryRun;
  const effective: ResetRequest = { ...request, dryRun };

  try {
    // 2. Targets and the fleet-wide count, read fresh: state lives in the instances' tags.
    const now = seconds(inv.clock.now());
    const [targets, recent, image] = await Promise.all([
      request.target.kind === 'ids'
        ? inv.cloud.describeIds(request.target.instanceIds)
        : inv.cloud.describeAll({ by: 'tag', selector: request.target.selector }).then((found) => ({ found, missing: [] as string[] })),
      // Only instances reset this clock hour or the last carry a reset from the past 3600 s. The Tag
      // API answers this, so a fleet's DescribeInstances pages keep the whole ECM rate window.
      inv.cloud.taggedInstances(TAG_HOUR, recentHours(now)),
      // A new image brings its own OS (whose password rules apply) and architecture (a 32-bit
      // image cannot go on 4 GB or more).
      request.imageId !== null ? inv.cloud.describeImage(request.imageId) : Promise.resolve(null),
    ]);
    const tagged = recent.reduce(
      (n, i) => n + within(readHistory(i.tags).entries, now, HOUR_SECONDS).filter((e) => e.kind === 'reset').length,
      0,
    );
    // Earlier records of this invocation count even if the Tag API does not show them yet.
    const { tally } = inv;
    const resetsLastHour = tally.hourBaseline === null ? tagged : Math.max(tagged, tally.hourBaseline + tally.resets);
    const requestedIds = request.target.kind === 'ids' ? request.target.instanceIds : targets.found.map((i) => i.instanceId);

    // 3. Guardrails.
    const plan = planReset({ request, triggerKind: trigger.kind, resultId: id, instances: targets.found, missingIds: targets.missing, resetsLastHour, resetThisInvocation: tally.resets + tally.duplicates, config: inv.config, now });
    if (plan.kind === 'rejected') return finish('reset.rejected', summarize(effective, requestedIds), [], plan.error);
    const summary = summarize(effective, request.target.kind === 'ids' ? requestedIds : plan.decisions.map((d) => d.instanceId));
    const planned = plan.decisions.filter((d) => d.action !== 'reset').map(fromDecision);
    tally.duplicates += plan.decisions.filter((d) => d.code === 'Guard.Duplicate').length;

    if (plan.decisions.length > 0 && plan.decisions.every((d) => d.code === 'Guard.Duplicate')) {
      // The same event again (a retry or a redelivery): its outcome was published the first time.
      inv.log.info('reset.duplicate', { id, trigger, identity: intent.identity });
      return { id, type: 'duplicate', status: 409, results: planned, error: new AppError('Guard.Duplicate', `already handled as ${id}`), messages, published: true };
    }

    // 4. The password, fetched and checked even for a dry run, so a bad secret shows before it matters.
    let password: string | null = null;
    // The OS each instance will run: the new image's when the request names one (an image ECM
    // does not know is refused by ResetInstances itself, InvalidImageID), else its current one.
    const osOf = (i: EcmInstance) => passwordOs(image?.osType ?? i.osType);
    let candidates = plan.toReset;
    const refusedHere: InstanceResult[] = [];
    // ECM refuses a 32-bit image on 4 GB or more (InvalidImageArchitecture) and fails the whole
    // call for it: predicted here, a mixed fleet is not bisected call by call to find them.
    if (image?.architecture === 'i386') {
      const tooBig = candidates.filter((i) => typeof i.memoryGb === 'number' && i.memoryGb >= 4);
      for (const i of tooBig) {
        refusedHere.push({
          instanceId: i.instanceId,
          status: 'failed',
          code: 'Request.Invalid',
          message: `${image.imageId} is a 32-bit (i386) image and ${i.instanceId} has ${String(i.memoryGb)} GB of memory; ECM installs 32-bit images only below 4 GB (InvalidParameterValue.InvalidImageArchitecture)`,
          apiRequestId: null,
        });
      }
      candidates = candidates.filter((i) => !tooBig.includes(i));
    }
    if (candidates.length > 0) {
      try {
        const fetched = await fetchPassword(inv, candidates.map(osOf));
        if (fetched !== null) {
          password = fetched.password;
          for (const i of candidates) {
            const why = fetched.refused.get(osOf(i));
            if (why !== undefined) refusedHere.push({ instanceId: i.instanceId, status: 'failed', code: 'Password.Policy', message: why, apiRequestId: null });
          }
          if (fetched.refused.size > 0) candidates = candidates.filter((i) => !fetched.refused.has(osOf(i)));
        }
      } catch (e) {
        const err = toAppError(e);
        return finish('reset.failed', summary, plan.toReset.map((i) => ({ instanceId: i.instanceId, status: 'failed', code: err.resultCode, message: err.message, apiRequestId: err.apiRequestId ?? null })), err);
      }
    }

    if (dryRun) {
      const would = candidates.map((i): InstanceResult => ({ instanceId: i.instanceId, status: 'skipped', code: 'DryRun', message: 'would be reset', apiRequestId: null }));
      return finish('reset.dry-run', summary, [...would, ...refusedHere, ...planned], null);
    }

    // 5. Reserve, then ResetInstances. The mark that this id resets the instance is written
    // first: a retried alarm or redelivered record that arrives meanwhile (publishing retries can
    // take seconds) finds it, and an instance that cannot be marked is not reset at all.
    let toReset = candidates;
    // Instances refused on the way to ResetInstances: image architecture, password rules, no mark.
    const notSent: InstanceResult[] = [...refusedHere];
    let late = new Set<string>();
    if (toReset.length > 0) {
      const reservation = await reserveResets(inv, { resultId: id, now, instances: toReset });
      const { failures } = reservation;
      late = new Set(reservation.late.map((i) => i.instanceId));
      toReset = toReset.filter((i) => !failures.has(i.instanceId));
      for (const [instanceId, reason] of failures) {
        notSent.push({
          instanceId,
          status: 'failed',
          code: 'State.Unavailable',
          message: `not reset: its guardrail state (instance tags) could not be written (${reason}); without it the cooldown, hourly budget, escalation and duplicate checks could not hold`,
          apiRequestId: null,
        });
      }
    }
    const { results: resetResults, notStarted } = toReset.length === 0 ? { results: [], notStarted: new Set<string>() } : await executeReset(inv, toReset, {
      imageId: request.imageId,
      password,
      keepData: request.keepData,
      keepImageLogin: request.keepImageLogin,
      enhancedService: request.enhancedService,
    });
    if (resetResults.some((r) => r.code === 'InvalidParameterValue.InvaildPassword')) forgetPassword(inv);
    const accepted = new Set(resetResults.filter((r) => r.status === 'accepted').map((r) => r.instanceId));
    if (tally.hourBaseline === null) tally.hourBaseline = tagged;
    tally.resets += accepted.size;

    // 6. The rest of the state, then the terminal message: the rest of a fleet is marked,
    // reservations of instances ECM refused are given back, refused attempts and escalations recorded.
    const stateFailures = await recordAfterReset(inv, {
      resultId: id,
      now,
      release: toReset.filter((i) => notStarted.has(i.instanceId) && !late.has(i.instanceId)),
      marks: toReset.filter((i) => late.has(i.instanceId) && accepted.has(i.instanceId)),
      attempts: plan.attempts,
      escalated: plan.escalate,
      seen: plan.seen,
    });
    const marked = resetResults.map((r) => {
      const why = r.status === 'accepted' && late.has(r.instanceId) ? stateFailures.get(r.instanceId) : undefined;
      return why === undefined ? r : { ...r, message: `${r.message}; its guardrail mark could not be written (${why}), so the cooldown and duplicate checks do not see this reset` };
    });
    const results = [...marked, ...notSent, ...planned];
    const outcome = await finish(terminalType(results), summary, results, null);
    for (const instance of plan.escalate) {
      await publish(
        buildMessage({
          type: 'reset.escalated',
          id,
          time: new Date(inv.clock.now()),
          trigger,
          request: summary,
          results: results.filter((r) => r.instanceId === instance.instanceId),
          error: new AppError('Guard.Escalated', `${instance.instanceId} was asked to reset ${inv.config.escalateAfter} or more times in 24 h; it is left alone until a human looks`),
          functionRequestId: inv.functionRequestId,
        }),
      );
    }
    return { ...outcome, messages, published: f.published() };
  } catch (e) {
    const err = toAppError(e);
    inv.log.error('reset.error', { id, trigger, code: err.resultCode, message: err.message });
    return finish('reset.failed', summarize(effective, request.target.kind === 'ids' ? request.target.instanceIds : []), [], err);
  }
}

function logDecision(inv: Invocation, trigger: TriggerRef, o: Outcome, request: RequestSummary | null, startedAt: number): void {
  inv.log.info('reset.decision', {
    id: o.id,
    trigger,
    outcome: o.type,
    status: o.status,
    instances: request?.instanceIds ?? [],
    results: o.results.map((r) => ({ instanceId: r.instanceId, status: r.status, code: r.code })),
    apiRequestIds: [...new Set(o.results.map((r) => r.apiRequestId).filter((x): x is string => x !== null))],
    error: o.error ? { code: o.error.resultCode, message: o.error.message } : null,
    published: o.published,
    durationMs: inv.clock.now() - startedAt,
  });
}
