import { CloudCallError } from '../ports/cloud-error';

/**
 * The SDK (node-fetch underneath) turns every transport failure into a
 * TencentCloudSDKHttpException carrying only the text, e.g.
 * `request to http://host/ failed, reason: connect ECONNREFUSED 127.0.0.1:443`,
 * `… reason: getaddrinfo ENOTFOUND host`, `… reason: socket hang up` (dropped connection),
 * `network timeout at: http://host/` (RESET_API_TIMEOUT passed), `The user aborted a request.`
 * (the call's signal fired: cloud-calls' timeout, see lib/function/ports/cloud-calls.ts). Only failures before the
 * connection existed prove the request was never sent: refused, unresolvable, unroutable,
 * or a connect that timed out.
 */
const NOT_SENT = /\b(ENOTFOUND|EAI_AGAIN)\b|\bconnect (ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b/;
/** Codes where the API itself says it broke: the operation may or may not have run. */
const AMBIGUOUS_CODES = new Set(['FailedOperation.InternalOperationFailure', 'ServiceUnavailable']);
const isAmbiguousCode = (code: string): boolean => code === 'InternalError' || code.startsWith('InternalError.') || AMBIGUOUS_CODES.has(code);

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
  const text = typeof err.message === 'string' ? err.message : String(e);
  const where = `${service}:${action}`;
  if (code !== undefined) {
    if (code.startsWith('RequestLimitExceeded')) return new CloudCallError(service, action, 'throttled', `${where} throttled (${code})`, code, requestId, e);
    const kind = isAmbiguousCode(code) ? 'ambiguous' : 'rejected';
    return new CloudCallError(service, action, kind, `${where} failed: ${code}: ${text}`, code, requestId, e);
  }
  if (typeof err.httpCode === 'number') {
    // A 5xx from the gateway says nothing about whether the backend ran the action.
    const kind = err.httpCode === 429 ? 'throttled' : err.httpCode >= 500 ? 'ambiguous' : 'rejected';
    return new CloudCallError(service, action, kind, `${where} failed with HTTP ${err.httpCode}`, undefined, requestId, e);
  }
  if (NOT_SENT.test(text)) return new CloudCallError(service, action, 'unreachable', `${where} unreachable: ${text}`, undefined, undefined, e);
  // Timeouts, aborts, resets and hang-ups: the request may have been processed.
  return new CloudCallError(service, action, 'ambiguous', `${where} failed without an answer: ${text}`, undefined, undefined, e);
}
