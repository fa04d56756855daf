import { CloudCallError } from '../ports/cloud-error';

/**
 * The SDK (node-fetch underneath) turns every transport failure into a
 * TencentCloudSDKHttpException carrying only the text, e.g.
 * `request to http://host/ failed, reason: connect ECONNREFUSED 127.0.0.1:443`,
 * `… reason: getaddrinfo ENOTFOUND host`, `… reason: socket hang up` (dropped connection),
 * `network timeout at: http://host/` (RESET_API_TIMEOUT passed), `The user aborted a request.`
 * (the call's signal fired: cloud-calls' timeout, see lib/function/ports/cloud-calls.ts). Only failures before the
 * connection existed prove the request was never sent: refused, unresolvable, unroutable,
 * or a connect that timed out. The COS client uses the same fetch (the SDK shim), so the same
 * texts reach unansweredError() from there.
 */
const NOT_SENT = /\b(ENOTFOUND|EAI_AGAIN)\b|\bconnect (ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b/;
/** Codes where the API itself says it broke: the operation may or may not have run. */
const AMBIGUOUS_CODES = new Set(['FailedOperation.InternalOperationFailure', 'ServiceUnavailable']);
const isAmbiguousCode = (code: string): boolean => code === 'InternalError' || code.startsWith('InternalError.') || AMBIGUOUS_CODES.has(code);
/** API 3.0's RequestLimitExceeded(.*), and COS's `503 SlowDown` ("请降低访问频率", COS doc 436/7730). */
const isThrottleCode = (code: string): boolean => code.startsWith('RequestLimitExceeded') || code === 'SlowDown';

/** What an API answered when it refused a call: its error code and/or the HTTP status. */
export interface ErrorAnswer {
  code: string | undefined;
  httpStatus: number | undefined;
  requestId: string | undefined;
  message: string;
}

/**
 * An answered failure, by its code (kept exactly as it came), else by its HTTP status. A 5xx says
 * nothing about whether the backend ran the action, with a code (COS answers 5xx with an XML
 * `<Code>`) or without one (a gateway).
 */
export function answeredError(service: string, action: string, answer: ErrorAnswer, cause: unknown): CloudCallError {
  const { code, httpStatus, requestId } = answer;
  const where = `${service}:${action}`;
  if (code !== undefined) {
    if (isThrottleCode(code)) return new CloudCallError(service, action, 'throttled', `${where} throttled (${code})`, code, requestId, cause);
    const kind = isAmbiguousCode(code) || (httpStatus ?? 0) >= 500 ? 'ambiguous' : 'rejected';
    return new CloudCallError(service, action, kind, `${where} failed: ${code}: ${answer.message}`, code, requestId, cause);
  }
  const status = httpStatus ?? 0;
  const kind = status === 429 ? 'throttled' : status >= 500 ? 'ambiguous' : 'rejected';
  return new CloudCallError(service, action, kind, `${where} failed with HTTP ${status}`, undefined, requestId, cause);
}

/** A call that got no answer, classified by node-fetch's error text (see NOT_SENT). */
export function unansweredError(service: string, action: string, e: unknown): CloudCallError {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown };
  const text = typeof err.message === 'string' ? err.message : String(e);
  const where = `${service}:${action}`;
  if (NOT_SENT.test(text)) return new CloudCallError(service, action, 'unreachable', `${where} unreachable: ${text}`, undefined, undefined, e);
  // Timeouts, resets, hang-ups and aborts: the request may have been processed.
  return new CloudCallError(service, action, 'ambiguous', `${where} failed without an answer: ${text}`, undefined, undefined, e);
}

interface SdkErrorShape {
  code?: unknown;
  httpCode?: unknown;
  requestId?: unknown;
  message?: unknown;
}

/** Classifies whatever the SDK threw. Tencent error codes are kept exactly as they came. */
export function toCloudError(service: string, action: string, e: unknown): CloudCallError {
  if (e instanceof CloudCallError) return e;
  const err = (typeof e === 'object' && e !== null ? e : {}) as SdkErrorShape;
  const code = typeof err.code === 'string' && err.code !== '' ? err.code : undefined;
  const requestId = typeof err.requestId === 'string' && err.requestId !== '' ? err.requestId : undefined;
  const httpStatus = typeof err.httpCode === 'number' ? err.httpCode : undefined;
  const message = typeof err.message === 'string' ? err.message : String(e);
  if (code !== undefined || httpStatus !== undefined) return answeredError(service, action, { code, httpStatus, requestId, message }, e);
  return unansweredError(service, action, e);
}
