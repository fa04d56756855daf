import { AppError, ERROR_CODES, type ErrorCode } from '../kernel/errors';
import type { RecordedOutcome } from '../ledger/ledger';
import type { TriggerRef } from '../request/intent';
import { buildMessage } from '../result/build-message';
import { publishResult } from '../result/publish-result';
import type { InstanceResult, RequestSummary, ResultMessage, ResultType } from '../result/result-message';
import { type Invocation, scoped } from './invocation';
import type { Outcome } from './outcome';
import { resultIdFor } from './result-id';

/** A `reset.escalated` message that follows the terminal one: a human is asked to look. */
export interface Escalation {
  instanceId: string;
  error: AppError;
}

/**
 * Refusals that follow from the request alone: a redelivery refuses it the same way, so they are
 * published even when the ledger cannot record them.
 */
const DETERMINISTIC = new Set(['Request.Invalid', 'Event.Unrecognized']);

/** The error a recorded message carries, as an AppError again (a Tencent code travels as tencentCode). */
function errorOf(e: ResultMessage['error']): AppError | null {
  if (e === null || e === undefined) return null;
  const own = (ERROR_CODES as readonly string[]).includes(e.code);
  return new AppError(own ? (e.code as ErrorCode) : 'Cloud.Failed', e.message, {
    ...(own ? {} : { tencentCode: e.code }),
    ...(e.issues ? { issues: e.issues } : {}),
  });
}

/**
 * One intent's run: its result id (from the event's identity, so a redelivery gets the same), a
 * logger that carries that id, and the way out. `finish` records the outcome in the ledger before
 * publishing it, so what this run decided is what every redelivery of the event reports (one id,
 * one outcome), and a redelivery whose first run died before publishing publishes it.
 */
export interface Run {
  readonly id: string;
  readonly trigger: TriggerRef;
  readonly identity: string;
  /** The invocation, with this run's result id on every log line. */
  readonly inv: Invocation;
  /** Set once ResetInstances may have been sent: the ledger holds reservations a redelivery must take over. */
  sent: boolean;
  /** Set when the outcome could not be recorded: it is not published, and the invocation fails for a redelivery. */
  deferred: boolean;
  finish(
    type: ResultType,
    request: RequestSummary | null,
    results: InstanceResult[],
    error: AppError | null,
    escalations?: readonly Escalation[],
  ): Promise<Outcome>;
  /** Publishes what a first delivery recorded (unless it was published already) and answers `duplicate`. */
  replay(recorded: RecordedOutcome): Promise<Outcome>;
  /** An outcome that publishes nothing (an ignored recovery, a duplicate in flight). */
  silent(type: 'ignored' | 'duplicate', results: InstanceResult[], error: AppError | null): Outcome;
}

export function openRun(invocation: Invocation, intent: { trigger: TriggerRef; identity: string }): Run {
  const id = resultIdFor(intent.identity);
  const inv = scoped(invocation, { resultId: id, trigger: intent.trigger });
  const message = (type: ResultType, request: RequestSummary | null, results: InstanceResult[], error: AppError | null): ResultMessage =>
    buildMessage({ type, id, time: new Date(inv.clock.now()), trigger: intent.trigger, request, results, error, functionRequestId: inv.functionRequestId });

  /** Publishes every message (terminal first); true when all reached the topic. */
  const publishAll = async (messages: readonly ResultMessage[]): Promise<boolean> => {
    let all = true;
    for (const m of messages) if (!(await publishResult(inv.cloud, inv.config.topic, inv.log, m, inv.config.topicMaxBytes)).published) all = false;
    await inv.ledger.markSent(inv, id, all);
    return all;
  };

  /**
   * What a redelivery answers: a request that reset something is `duplicate` (it happened once);
   * a refusal, a failure or a dry run is reported again as it was decided.
   */
  const duplicateOf = (messages: ResultMessage[], published: boolean): Outcome => {
    const terminal = messages[0];
    const happened = terminal === undefined || terminal.type === 'reset.accepted' || terminal.type === 'reset.partial';
    return {
      id,
      type: happened ? 'duplicate' : terminal.type,
      request: terminal?.request ?? null,
      results: terminal?.results ?? [],
      error: happened ? new AppError('Guard.Duplicate', `already handled as ${id}`) : errorOf(terminal.error),
      messages,
      published,
    };
  };

  const run: Run = {
    id,
    trigger: intent.trigger,
    identity: intent.identity,
    inv,
    sent: false,
    deferred: false,
    async finish(type, request, results, error, escalations = []) {
      const messages = [
        message(type, request, results, error),
        ...escalations.map((e) =>
          message(
            'reset.escalated',
            request,
            results.filter((r) => r.instanceId === e.instanceId),
            e.error,
          ),
        ),
      ];
      try {
        const { recorded, outcome } = await inv.ledger.record(inv, id, messages);
        // Another delivery of the same event recorded first: its outcome stands (and is published
        // here only if its run could not or cannot any more).
        if (!recorded) return run.replay(outcome);
      } catch (e) {
        const deterministic = error !== null && DETERMINISTIC.has(error.code);
        if (!deterministic) {
          // Not published: a later delivery must not be contradicted. It takes the request over
          // (the ledger holds its reservation) and publishes the one outcome; until then the log has it.
          inv.log.error('reset.deferred', {
            type,
            error: error === null ? null : { code: error.resultCode, message: error.message },
            reason: e instanceof Error ? e.message : String(e),
            message: messages[0],
          });
          run.deferred = true;
          if (!run.sent) throw e;
          throw new AppError(
            'State.Unavailable',
            `the outcome of ${id} could not be recorded in the guardrail ledger, so it is not published yet (resets may have started, and they hold their reservations): deliver the same request again to get its outcome`,
            { cause: e },
          );
        }
        // Any delivery refuses the same way: publish rather than wait.
        inv.log.error('ledger.outcome-unrecorded', { type, reason: e instanceof Error ? e.message : String(e) });
      }
      const published = await publishAll(messages);
      return { id, type, request, results, error, messages, published };
    },
    async replay(recorded) {
      // Not confirmed sent: the recording run may still be publishing (until its deadline), or it
      // could not (a dead letter), or it stopped.
      const republish = !recorded.sent && (recorded.unsent || recorded.exp * 1000 <= inv.clock.now());
      inv.log.info('reset.duplicate', { identity: intent.identity, republished: republish });
      const published = republish ? await publishAll(recorded.messages) : true;
      return duplicateOf(recorded.messages, published);
    },
    silent: (type, results, error) => ({ id: type === 'ignored' ? null : id, type, request: null, results, error, messages: [], published: true }),
  };
  return run;
}
