/**
 * The core's input: what a trigger adapter hands to the pipeline, one intent per request or
 * record, with no trigger-specific fields left. Nothing after the adapters looks at the raw event.
 */
import type { AppError } from '../kernel/errors';

export const TRIGGER_KINDS = ['http', 'slack', 'timer', 'alarm', 'eventbridge', 'cmq', 'ckafka', 'invoke'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export interface TriggerRef {
  kind: TriggerKind;
  /** The event's own id where the trigger has one (API request id, msgId, CloudEvent id, …). */
  id: string | null;
}

/** Defaults a trigger supplies for fields the request may leave out. */
export interface RequestDefaults {
  reason?: string;
  /** Who the trigger authenticated (`http:key-1`) or which source delivered it (`cmq:QUEUE`); kept beside a caller's own requestedBy. */
  requestedBy?: string;
}

/** A reset request to validate: a POST /reset body, a timer Message, a queue record body, … */
export interface RequestIntent {
  type: 'request';
  trigger: TriggerRef;
  /**
   * Stable identity of the event that carried the request: the same delivery retried or
   * redelivered yields the same identity, so the result id and idempotency follow from it.
   */
  identity: string;
  /** Parsed JSON, not yet validated. */
  payload: unknown;
  /** Set when the carrier held no usable JSON (e.g. a timer Message that is not JSON). */
  payloadError?: string;
  defaults: RequestDefaults;
}

/** The instance an alarm names: its id, its UUID, or both (which must then be the same instance). */
export type AlarmTarget = { instanceId: string; uuid?: string } | { uuid: string };

/** A Cloud Monitor alarm (callback or through EventBridge). */
export interface AlarmIntent {
  type: 'alarm';
  trigger: TriggerRef;
  identity: string;
  /** true when the alarm fires; a recovery is acknowledged and ignored. */
  firing: boolean;
  target: AlarmTarget;
  /** Policy and metric or event name, for the reason and the logs. */
  summary: string;
}

/**
 * An authenticated event refused before it became a request (an unrecognised event, a Slack user
 * not on the list, a callback that is no alarm): published as `reset.rejected` like any refusal.
 */
export interface RejectedIntent {
  type: 'rejected';
  trigger: TriggerRef;
  identity: string;
  error: AppError;
}

/** The completion sweep a timer asks for (`{"track":"completions"}`): no reset, a report. */
export interface SweepIntent {
  type: 'sweep';
  trigger: TriggerRef;
  identity: string;
}

export type Intent = RequestIntent | AlarmIntent | RejectedIntent | SweepIntent;
