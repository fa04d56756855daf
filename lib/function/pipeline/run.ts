import type { AppError } from '../kernel/errors';
import type { TriggerRef } from '../request/intent';
import { buildMessage } from '../result/build-message';
import { publishResult } from '../result/publish-result';
import type { InstanceResult, RequestSummary, ResultMessage, ResultType } from '../result/result-message';
import { type Invocation, scoped } from './invocation';
import type { Outcome } from './outcome';
import { resultIdFor } from './result-id';

/**
 * One intent's run: its result id (from the event's identity, so a redelivery gets the same),
 * a logger that carries that id, and the way out: `finish` publishes exactly one terminal
 * message; `publishExtra` adds a `reset.escalated` message after it.
 */
export interface Run {
  readonly id: string;
  readonly trigger: TriggerRef;
  readonly identity: string;
  /** The invocation, with this run's result id on every log line. */
  readonly inv: Invocation;
  readonly messages: ResultMessage[];
  finish(type: ResultType, request: RequestSummary | null, results: InstanceResult[], error: AppError | null): Promise<Outcome>;
  /** Publishes a message beside the terminal one (an escalation); the outcome's `published` follows. */
  publishExtra(type: ResultType, request: RequestSummary | null, results: InstanceResult[], error: AppError): Promise<void>;
  /** An outcome that publishes nothing (an ignored recovery, a duplicate). */
  silent(type: 'ignored' | 'duplicate', results: InstanceResult[], error: AppError | null): Outcome;
  published(): boolean;
}

export function openRun(invocation: Invocation, intent: { trigger: TriggerRef; identity: string }): Run {
  const id = resultIdFor(intent.identity);
  const inv = scoped(invocation, { resultId: id, trigger: intent.trigger });
  const messages: ResultMessage[] = [];
  let published = true;
  const publish = async (type: ResultType, request: RequestSummary | null, results: InstanceResult[], error: AppError | null) => {
    const message = buildMessage({
      type,
      id,
      time: new Date(inv.clock.now()),
      trigger: intent.trigger,
      request,
      results,
      error,
      functionRequestId: inv.functionRequestId,
    });
    messages.push(message);
    const r = await publishResult(inv.cloud, inv.config.topic, inv.log, message, inv.config.topicMaxBytes);
    if (!r.published) published = false;
  };
  return {
    id,
    trigger: intent.trigger,
    identity: intent.identity,
    inv,
    messages,
    published: () => published,
    async finish(type, request, results, error) {
      await publish(type, request, results, error);
      return { id, type, request, results, error, messages, published };
    },
    publishExtra: (type, request, results, error) => publish(type, request, results, error),
    silent: (type, results, error) => ({ id: type === 'ignored' ? null : id, type, request: null, results, error, messages, published: true }),
  };
}
