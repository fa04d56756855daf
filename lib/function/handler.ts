import type { Deps } from './deps';
import { AppError, errorBody, isAppError, publicErrorBody, toAppError } from './kernel/errors';
import { jsonResponse, type HttpResponse } from './http/http-types';
import { routeHttp } from './http/route-http';
import { createCloudCalls } from './ports/cloud-calls';
import { newTally, type Invocation } from './pipeline/invocation';
import type { Outcome } from './pipeline/outcome';
import { processIntent, rejectIntent } from './pipeline/process-intent';
import { isTrackRequest, trackCompletions } from './pipeline/track-completions';
import { detectTrigger } from './triggers/detect-trigger';
import type { Intent } from './request/intent';
import { ScfContextSchema, type ScfContext } from './triggers/scf-context';
import * as v from 'valibot';

/** Time kept back from SCF's limit to answer and publish. */
const ANSWER_MARGIN_MS = 1500;
const DEFAULT_TIME_LIMIT_MS = 60_000;

/** What non-HTTP triggers get back (SCF logs it; sync callers read it). */
export interface InvocationAnswer {
  id: string | null;
  type: string;
  status: number;
  results: Outcome['results'];
  error?: ReturnType<typeof errorBody>['error'];
}

const answer = (o: Outcome): InvocationAnswer => ({
  id: o.id,
  type: o.type,
  status: o.status,
  results: o.results,
  ...(o.error ? { error: errorBody(o.error).error } : {}),
});

/** SCF shows a thrown error's message and stack; ours carry no stack worth showing. */
function failInvocation(e: AppError): never {
  const err = new Error(`${e.code}: ${e.message}`);
  err.stack = err.message;
  throw err;
}

/**
 * The SCF handler: detect the trigger, run each intent through the pipeline, answer in the
 * trigger's own format. Async triggers (timer, EventBridge, queues) get a thrown error only
 * when a result could not be published, so SCF's retry (which the idempotency makes safe)
 * and its failure metrics see it.
 * @example
 * export const main_handler = createHandler(createDeps(process.env));
 */
export function createHandler(deps: Deps) {
  return async function main_handler(event: unknown, rawContext?: unknown): Promise<HttpResponse | InvocationAnswer | { records: InvocationAnswer[] } | unknown> {
    const context: ScfContext = v.is(ScfContextSchema, rawContext) ? rawContext : {};
    const detected = detectTrigger(event, context);
    const { config } = deps;
    if (isAppError(config) || deps.ports === null) {
      const err = isAppError(config) ? config : new AppError('Config.Invalid', 'no cloud clients');
      if (!isAppError(detected) && detected.kind === 'http') return jsonResponse(err.status, publicErrorBody(err));
      return failInvocation(err);
    }
    const started = deps.clock.now();
    const timeLimit = context.time_limit_in_ms ?? DEFAULT_TIME_LIMIT_MS;
    const deadline = started + timeLimit - ANSWER_MARGIN_MS;
    // A tenth of the time limit (0.5–10 s) is kept after the last ResetInstances call.
    const resetCutoff = deadline - Math.min(10_000, Math.max(500, timeLimit / 10));
    const inv: Invocation = {
      config,
      clock: deps.clock,
      log: deps.log,
      secrets: deps.secrets,
      functionRequestId: context.request_id ?? null,
      deadline,
      resetCutoff,
      tally: newTally(),
      cloud: createCloudCalls({ ports: deps.ports, clock: deps.clock, log: deps.log, limiter: deps.limiter, deadline, ...(deps.random ? { random: deps.random } : {}) }),
    };

    try {
      if (isAppError(detected)) {
        deps.log.warn('event.unrecognized', { message: detected.message });
        const identity = `invoke:unrecognized:${context.request_id ?? JSON.stringify(event)?.slice(0, 200) ?? ''}`;
        const o = await rejectIntent(inv, { kind: 'invoke', id: context.request_id ?? null }, identity, detected);
        return answer(o);
      }
      if (detected.kind === 'http') return await routeHttp(inv, { replay: deps.replay }, detected.request);
      if (detected.kind === 'single') {
        const intent = detected.intent;
        if (intent.type === 'request' && intent.trigger.kind === 'timer' && isTrackRequest(intent.payload)) {
          const t = await trackCompletions(inv, intent.trigger);
          if (!t.published) failInvocation(new AppError('Publish.Failed', 'a reset.completed message could not be published (see the reset.dead-letter log line)'));
          return { type: 'completion.sweep', completed: t.completed, stillRunning: t.stillRunning, deferred: t.deferred };
        }
        const o = await processIntent(inv, intent);
        if (!o.published) failInvocation(new AppError('Publish.Failed', `result ${o.id ?? ''} could not be published (see the reset.dead-letter log line)`));
        return answer(o);
      }
      // Records fail alone: each one gets its own outcome and message.
      const outcomes: Outcome[] = [];
      for (const intent of detected.intents as Intent[]) outcomes.push(await processIntent(inv, intent));
      if (outcomes.some((o) => !o.published)) failInvocation(new AppError('Publish.Failed', 'some results could not be published (see the reset.dead-letter log lines)'));
      return { records: outcomes.map(answer) };
    } catch (e) {
      if (e instanceof Error && !(e instanceof AppError) && e.stack === e.message) throw e;
      const err = toAppError(e);
      deps.log.error('invocation.failed', { code: err.resultCode, message: err.message, cause: err.cause instanceof Error ? err.cause.message : null });
      return failInvocation(err);
    }
  };
}
