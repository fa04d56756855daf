/**
 * Typed errors with stable codes. Each code has one HTTP status and appears as-is in result
 * messages; Tencent Cloud error codes are never renamed, they travel in `tencentCode`.
 */

/** Our own error codes. Dotted like Tencent's, but under prefixes Tencent does not use. */
export const ERROR_STATUS = {
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
  'Internal': 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with an input, located by a dotted path (`instanceIds.2`). */
export interface Issue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  issues?: readonly Issue[];
  /** The Tencent Cloud error code exactly as the API returned it. */
  tencentCode?: string;
  /** The Tencent Cloud RequestId of the failed call. */
  apiRequestId?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: readonly Issue[];
  readonly tencentCode: string | undefined;
  readonly apiRequestId: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.issues = options.issues ?? [];
    this.tencentCode = options.tencentCode;
    this.apiRequestId = options.apiRequestId;
  }

  /** The code a result message carries: Tencent's own when there is one. */
  get resultCode(): string {
    return this.tencentCode ?? this.code;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Wraps anything thrown into an AppError without losing it; unknown errors never expose their text. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return new AppError('Internal', 'Internal error', { cause: e });
}

/** The JSON error body of an answer: the code, the message and where each problem is. */
export function errorBody(e: AppError): { error: { code: string; message: string; issues?: Issue[] } } {
  const body: { code: string; message: string; issues?: Issue[] } = {
    code: e.resultCode,
    message: e.message,
  };
  if (e.issues.length > 0) body.issues = [...e.issues];
  return { error: body };
}

/**
 * The error body for an HTTP caller who may not be authenticated yet (a bad configuration, the
 * key secret unreadable): a 5xx keeps its code, but its message says only what the operator
 * must look at, never a value, an endpoint or an upstream message. The log has the details.
 */
export function publicErrorBody(e: AppError): { error: { code: string; message: string; issues?: Issue[] } } {
  if (e.status < 500) return errorBody(e);
  if (e.code === 'Config.Invalid') {
    const names = [...new Set(e.issues.map((i) => i.path).filter((p) => p !== ''))];
    const which = names.length > 0 ? `: ${names.join(', ')}` : '';
    return { error: { code: e.code, message: `the function's configuration is invalid${which} (the details are in the function's log)` } };
  }
  return { error: { code: e.resultCode, message: 'the function could not complete the request (the details are in the function\'s log)' } };
}
