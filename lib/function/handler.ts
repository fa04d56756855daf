import * as v from 'valibot';
import type { Deps } from './deps';
import type { HttpResponse } from './http/http-response';
import { errorResponse, outcomeStatus } from './http/http-status';
import { routeHttp } from './http/route-http';
import { slackMessage, slackText } from './http/slack-command';
import { AppError, errorBody, isAppError, toAppError } from './kernel/errors';
import type { Logger } from './kernel/logger';
import { type Invocation, startInvocation } from './pipeline/invocation';
import type { Outcome } from './pipeline/outcome';
import { processIntent } from './pipeline/process-intent';
import { trackCompletions } from './pipeline/track-completions';
import type { FunctionTarget } from './ports/cloud-ports';
import type { Intent, RejectedIntent, RequestIntent } from './request/intent';
import { deferredEvent } from './triggers/deferred';
import { detectTrigger } from './triggers/detect-trigger';
import { platformFacts, type ScfContext, ScfContextSchema } from './triggers/scf-context';

/** What non-HTTP triggers get back (SCF logs it; sync callers read it). */
export interface InvocationAnswer {
  id: string | null;
  type: string;
  /** The HTTP status the outcome would answer (`outcomeStatus`), so every trigger reads alike. */
  status: number;
  results: Outcome['results'];
  error?: ReturnType<typeof errorBody>['error'];
}

export interface SweepAnswer {
  type: 'completion.sweep';
  completed: string[];
  stillRunning: number;
  deferred: string[];
}

const answerOf = (o: Outcome): InvocationAnswer => ({
  id: o.id,
  type: o.type,
  status: outcomeStatus(o),
  results: o.results,
  ...(o.error ? { error: errorBody(o.error).error } : {}),
});

/** SCF shows a thrown error's message and stack; ours carry no stack worth showing. */
function failInvocation(e: AppError): never {
  const err = new Error(`${e.code}: ${e.message}`);
  err.stack = err.message;
  throw err;
}

const unpublished = (what: string) => new AppError('Publish.Failed', `${what} could not be published (see the reset.dead-letter log line)`);

/** One intent, whatever its kind, with its decision logged as one line (status included). */
async function run(inv: Invocation, intent: Intent): Promise<Outcome | SweepAnswer> {
  if (intent.type === 'sweep') {
    const t = await trackCompletions(inv, intent.trigger);
    if (!t.published) failInvocation(unpublished('a reset.completed message'));
    return { type: 'completion.sweep', completed: t.completed, stillRunning: t.stillRunning, deferred: t.deferred };
  }
  const startedAt = inv.clock.now();
  const o = await processIntent(inv, intent);
  logDecision(inv.log, intent, o, inv.clock.now() - startedAt);
  return o;
}

function logDecision(log: Logger, intent: Exclude<Intent, { type: 'sweep' }>, o: Outcome, durationMs: number): void {
  log.info('reset.decision', {
    id: o.id,
    resultId: o.id,
    trigger: intent.trigger,
    outcome: o.type,
    status: outcomeStatus(o),
    instances: o.request?.instanceIds ?? [],
    results: o.results.map((r) => ({ instanceId: r.instanceId, status: r.status, code: r.code })),
    apiRequestIds: [...new Set(o.results.map((r) => r.apiRequestId).filter((x): x is string => x !== null))],
    error: o.error ? { code: o.error.resultCode, message: o.error.message } : null,
    published: o.published,
    durationMs,
  });
}

const isOutcome = (r: Outcome | SweepAnswer): r is Outcome => r.type !== 'completion.sweep';

/** The records of a batch with their positions, in the order of their identities. */
const canonicalOrder = (intents: readonly Intent[]): [number, Intent][] =>
  [...intents.entries()].sort(([, a], [, b]) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));

/** The function itself, as SCF's context names it (583/9210); null where it does not (a local call). */
function selfTarget(context: ScfContext): FunctionTarget | null {
  if (context.function_name === undefined || context.function_name === '') return null;
  return { name: context.function_name, namespace: context.namespace ?? 'default', qualifier: context.function_version ?? '$LATEST' };
}

/**
 * Hands a request to a later run of the function (SCF Invoke, asynchronous) and returns null;
 * where that is impossible (no function to invoke), returns the intent to run here instead, or a
 * refusal saying the work could not be started (published, so the request still ends once).
 */
async function defer(
  inv: Invocation,
  context: ScfContext,
  intent: RequestIntent,
  respondTo: { slack: string } | null,
): Promise<RequestIntent | RejectedIntent | null> {
  const target = selfTarget(context);
  if (target === null) return intent;
  try {
    await inv.cloud.invokeAsync(target, deferredEvent(intent, respondTo));
    inv.log.info('reset.deferred-to', { function: target.name, identity: intent.identity });
    return null;
  } catch (e) {
    const err = toAppError(e);
    inv.log.error('reset.defer-failed', { code: err.resultCode, message: err.message });
    return {
      type: 'rejected',
      trigger: intent.trigger,
      identity: intent.identity,
      error: new AppError('Cloud.Unavailable', `the reset could not be started (${err.resultCode}); try again`),
    };
  }
}

/** A deferred Slack command's outcome, posted to its response_url (the topic has it either way). */
async function deliverToSlack(deps: Deps, inv: Invocation, url: string, o: Outcome): Promise<void> {
  if (o.type === 'duplicate' && o.messages.length === 0) return;
  const delivered = await deps.slack.respond(url, slackMessage(slackText(o), { inChannel: outcomeStatus(o) === 202 }));
  inv.log[delivered ? 'info' : 'warn']('slack.response', { id: o.id, delivered });
}

/**
 * The SCF handler and the one dispatcher: detect the trigger, turn the event into intents (HTTP
 * requests are authenticated and routed first), run each through the pipeline, answer in the
 * trigger's own format. Async triggers (timer, EventBridge, queues) get a thrown error only when a
 * result could not be published, so SCF's retry (which the idempotency makes safe) and its failure
 * metrics see it.
 * @example
 * export const main_handler = createHandler(createDeps(process.env));
 */
export function createHandler(deps: Deps) {
  return async function main_handler(
    event: unknown,
    rawContext?: unknown,
  ): Promise<HttpResponse | InvocationAnswer | SweepAnswer | { records: InvocationAnswer[] }> {
    const context: ScfContext = v.is(ScfContextSchema, rawContext) ? rawContext : {};
    const detected = detectTrigger(event, context, {
      now: deps.clock.now(),
      warn: (name, fields) => deps.warnOnce(name, { functionRequestId: context.request_id ?? null, ...fields }),
    });
    const { config, ports, secrets } = deps.configure(platformFacts(context));
    if (isAppError(config) || ports === null) {
      const err = isAppError(config) ? config : new AppError('Config.Invalid', 'no cloud clients');
      if (!isAppError(detected) && detected.kind === 'http') return errorResponse(err);
      return failInvocation(err);
    }
    const inv = startInvocation(
      {
        config,
        ports,
        ledger: deps.ledger,
        clock: deps.clock,
        log: deps.log,
        limiter: deps.limiter,
        secrets,
        ...(deps.random ? { random: deps.random } : {}),
      },
      context,
    );
    try {
      if (isAppError(detected)) {
        inv.log.warn('event.unrecognized', { message: detected.message });
        const identity = `invoke:unrecognized:${context.request_id ?? JSON.stringify(event)?.slice(0, 200) ?? ''}`;
        const o = await run(inv, { type: 'rejected', trigger: { kind: 'invoke', id: context.request_id ?? null }, identity, error: detected });
        return isOutcome(o) ? answerOf(o) : o;
      }
      if (detected.kind === 'http') {
        const route = await routeHttp(inv, { replay: deps.replay }, detected.request);
        if (route.kind === 'answer') return route.response;
        if (route.kind === 'defer') {
          const handed = await defer(inv, context, route.intent, route.respondTo);
          if (handed === null) return route.ack;
          const o = await run(inv, handed);
          return isOutcome(o) ? route.respond(o) : route.ack;
        }
        const o = await run(inv, route.intent);
        return isOutcome(o) ? route.respond(o) : errorResponse(new AppError('Internal', 'a sweep is no HTTP request'));
      }
      // Records fail alone: each one gets its own outcome and message. They are decided in one
      // order, whatever order a delivery brings them in, so that every delivery of a batch (SCF
      // may run a redelivery beside the first) shares RESET_MAX_INSTANCES the same way.
      const intents = detected.kind === 'single' ? [detected.intent] : detected.intents;
      const results: (Outcome | SweepAnswer)[] = new Array(intents.length);
      for (const [at, intent] of canonicalOrder(intents)) results[at] = await run(inv, intent);
      const outcomes = results.filter(isOutcome);
      if (outcomes.some((o) => !o.published)) failInvocation(unpublished(detected.kind === 'single' ? `result ${outcomes[0]?.id ?? ''}` : 'some results'));
      if (detected.kind === 'single') {
        const only = results[0] as Outcome | SweepAnswer;
        if (detected.respondTo !== undefined && isOutcome(only)) await deliverToSlack(deps, inv, detected.respondTo.slack, only);
        return isOutcome(only) ? answerOf(only) : only;
      }
      return { records: outcomes.map(answerOf) };
    } catch (e) {
      if (e instanceof Error && !(e instanceof AppError) && e.stack === e.message) throw e;
      const err = toAppError(e);
      inv.log.error('invocation.failed', { code: err.resultCode, message: err.message, cause: err.cause instanceof Error ? err.cause.message : null });
      if (!isAppError(detected) && detected.kind === 'http') return errorResponse(err);
      return failInvocation(err);
    }
  };
}
