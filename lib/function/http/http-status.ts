/**
 * Which HTTP status each outcome and error code answers (DESIGN "HTTP API"): the HTTP adapter's
 * business, so the core never picks a status. Non-HTTP triggers report the same number in their
 * answer, so a script reads every trigger's outcome the same way.
 */
import { type AppError, type ErrorCode, errorBody, type Issue } from '../kernel/errors';
import type { Outcome } from '../pipeline/outcome';
import type { InstanceResult } from '../result/result-message';
import { type HttpResponse, jsonResponse } from './http-response';

const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  'Config.Invalid': 500,
  'Event.Unrecognized': 400,
  'Request.Invalid': 400,
  'Request.TooLarge': 413,
  'Route.NotFound': 404,
  'Route.MethodNotAllowed': 405,
  'Auth.Unauthenticated': 401,
  'Guard.NotAllowed': 403,
  'Guard.NoMatch': 404,
  'Guard.BlastRadius': 403,
  'Guard.HourlyBudget': 403,
  'Guard.DataWipe': 403,
  'Guard.Cooldown': 409,
  'Guard.InProgress': 409,
  'Guard.Escalated': 409,
  'Guard.Duplicate': 409,
  'Password.Policy': 500,
  'Password.Unavailable': 503,
  'Cloud.Failed': 502,
  'Cloud.Unavailable': 503,
  'State.Unavailable': 503,
  'Invocation.TimeLimit': 503,
  'Publish.Failed': 502,
  Internal: 500,
};

/** The status an error code answers. */
export const errorStatus = (e: AppError): number => ERROR_STATUS[e.code];

/** A release that was recorded (`POST /release`), whichever of its instances were escalated. */
export const RELEASED_STATUS = 200;

/** Per-instance codes that mean "nothing happened, try again later" (503 rather than 502). */
const RETRY_LATER = new Set(['Cloud.Unavailable', 'State.Unavailable', 'Invocation.TimeLimit']);

const failedStatus = (results: readonly InstanceResult[]): number => {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0 && failed.every((r) => r.code.startsWith('ResourceNotFound'))) return 404;
  // Refused by the function itself for the request's sake (e.g. a 32-bit image on 8 GB): the caller's to fix.
  if (failed.length > 0 && failed.every((r) => r.code.startsWith('Request.'))) return 400;
  // 409 when an operation is already in progress, whether we saw it or the API did.
  if (failed.length > 0 && failed.every((r) => r.code === 'OperationDenied.InstanceOperationInProgress')) return 409;
  return failed.some((r) => r.code.startsWith('RequestLimitExceeded') || RETRY_LATER.has(r.code)) ? 503 : 502;
};

/** The status of a finished request: 202 when anything was (or would be) reset. */
export function outcomeStatus(o: Pick<Outcome, 'type' | 'results' | 'error'>): number {
  if (o.type === 'ignored') return 200;
  if (o.type === 'duplicate') return 409;
  if (o.error) return errorStatus(o.error);
  if (o.type === 'reset.accepted' || o.type === 'reset.partial' || o.type === 'reset.dry-run') return 202;
  if (o.type === 'reset.rejected') return o.results.some((r) => r.code === 'Guard.NotAllowed') ? 403 : 409;
  return failedStatus(o.results);
}

/**
 * The error body for an HTTP caller who may not be authenticated yet (a bad configuration, the
 * key secret unreadable): a 5xx keeps its code, but its message says only what the operator
 * must look at, never a value, an endpoint or an upstream message. The log has the details.
 */
export function publicErrorBody(e: AppError): { error: { code: string; message: string; issues?: Issue[] } } {
  if (errorStatus(e) < 500) return errorBody(e);
  if (e.code === 'Config.Invalid') {
    const names = [...new Set(e.issues.map((i) => i.path).filter((p) => p !== ''))];
    const which = names.length > 0 ? `: ${names.join(', ')}` : '';
    return { error: { code: e.code, message: `the function's configuration is invalid${which} (the details are in the function's log)` } };
  }
  return { error: { code: e.resultCode, message: "the function could not complete the request (the details are in the function's log)" } };
}

/** An error answered outside a request's outcome (before or around authentication). */
export const errorResponse = (e: AppError): HttpResponse => jsonResponse(errorStatus(e), publicErrorBody(e));
