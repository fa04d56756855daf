import { echo } from '../kernel/echo';
import type { RequestDefaults, RequestIntent, TriggerRef } from '../request/intent';

/**
 * Shared by every adapter whose carrier holds a request as text (timer Message, queue msgBody,
 * TDMQ connector msgBody): the JSON is parsed here, and a carrier without usable JSON becomes
 * a `payloadError` so that one bad record is rejected alone instead of failing the batch.
 */

/** The parsed payload, or (payload null) why there is none. */
export interface JsonPayload {
  payload: unknown;
  payloadError?: string;
}

/** Longest parser message kept (characters): V8 quotes the start of the text, other engines may quote more. */
const MAX_PARSE_MESSAGE = 160;

/** Parses `text` as JSON; `what` names the carrier in the error ("Message", "msgBody"). */
export function jsonPayload(text: unknown, what: string): JsonPayload {
  if (typeof text !== 'string') {
    return { payload: null, payloadError: `${what} must be a string holding a JSON request` };
  }
  if (text.trim() === '') return { payload: null, payloadError: `${what} is empty: expected a JSON request` };
  try {
    return { payload: JSON.parse(text) as unknown };
  } catch (e) {
    // The parser's own message says where the JSON broke; it may quote the text, which may be long.
    return { payload: null, payloadError: `${what} is not JSON (${e instanceof Error ? echo(e.message, MAX_PARSE_MESSAGE) : 'parse error'})` };
  }
}

/** Builds a RequestIntent; `payloadError` is present only when set (exactOptionalPropertyTypes). */
export function requestIntent(trigger: TriggerRef, identity: string, parsed: JsonPayload, defaults: RequestDefaults = {}): RequestIntent {
  const intent: RequestIntent = { type: 'request', trigger, identity, payload: parsed.payload, defaults };
  if (parsed.payloadError !== undefined) intent.payloadError = parsed.payloadError;
  return intent;
}

/** A record that could not even be read as its trigger's shape: rejected alone, with a reason. */
export function rejectedRecord(trigger: TriggerRef, identity: string, why: string, defaults: RequestDefaults = {}): RequestIntent {
  return requestIntent(trigger, identity, { payload: null, payloadError: why }, defaults);
}
