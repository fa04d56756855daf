/**
 * The event the function sends itself (SCF Invoke, asynchronous) to finish work it could not
 * finish in time for its caller: a Slack slash command, which Slack abandons after 3 s. It
 * carries the request as it was read and authenticated, and where to deliver the outcome. Only
 * a caller allowed to invoke the function (CAM scf:InvokeFunction) can send it, as any direct
 * invocation; the guardrails apply to it like to every request.
 */
import * as v from 'valibot';
import type { RequestIntent } from '../request/intent';
import { TRIGGER_KINDS } from '../request/intent';

/** The mark a deferred event carries, so nothing else is read as one. */
export const DEFERRED_SOURCE = 'ecm-reset/deferred';

export const DeferredEventSchema = v.object({
  source: v.literal(DEFERRED_SOURCE),
  version: v.literal(1),
  intent: v.object({
    trigger: v.object({ kind: v.picklist(TRIGGER_KINDS), id: v.nullable(v.string()) }),
    identity: v.pipe(v.string(), v.minLength(1)),
    payload: v.unknown(),
    payloadError: v.optional(v.string()),
    defaults: v.object({ reason: v.optional(v.string()), requestedBy: v.optional(v.string()) }),
  }),
  /** Where the outcome goes: a Slack command's response_url. */
  respondTo: v.optional(v.object({ slack: v.string() })),
});

export type DeferredEvent = v.InferOutput<typeof DeferredEventSchema>;

export const looksDeferred = (e: object): boolean => 'source' in e && e.source === DEFERRED_SOURCE;

/** The event that hands `intent` to a later run of the function. */
export function deferredEvent(intent: RequestIntent, respondTo: { slack: string } | null): DeferredEvent {
  const { trigger, identity, payload, payloadError, defaults } = intent;
  return {
    source: DEFERRED_SOURCE,
    version: 1,
    intent: { trigger, identity, payload, ...(payloadError === undefined ? {} : { payloadError }), defaults },
    ...(respondTo === null ? {} : { respondTo }),
  };
}

/** The request a deferred event carries. */
export function fromDeferredEvent(e: DeferredEvent): RequestIntent {
  const { trigger, identity, payload, payloadError, defaults } = e.intent;
  const intent: RequestIntent = {
    type: 'request',
    trigger,
    identity,
    payload,
    defaults: {
      ...(defaults.reason === undefined ? {} : { reason: defaults.reason }),
      ...(defaults.requestedBy === undefined ? {} : { requestedBy: defaults.requestedBy }),
    },
  };
  if (payloadError !== undefined) intent.payloadError = payloadError;
  return intent;
}
