/**
 * Typed errors with stable codes. A code appears as-is in result messages; Tencent Cloud error
 * codes are never renamed, they travel in `tencentCode`. Which HTTP status a code answers is the
 * HTTP adapter's business (lib/function/http/http-status.ts), not the core's.
 */

/** Our own error codes. Dotted like Tencent's, but under prefixes Tencent does not use. */
export const ERROR_CODES = [
  'Config.Invalid',
  'Event.Unrecognized',
  'Request.Invalid',
  'Request.TooLarge',
  'Route.NotFound',
  'Route.MethodNotAllowed',
  'Auth.Unauthenticated',
  'Guard.NotAllowed',
  'Guard.NoMatch',
  'Guard.BlastRadius',
  'Guard.HourlyBudget',
  'Guard.DataWipe',
  'Guard.Cooldown',
  'Guard.InProgress',
  'Guard.Escalated',
  'Guard.Duplicate',
  'Password.Policy',
  'Password.Unavailable',
  'Cloud.Failed',
  'Cloud.Unavailable',
  'State.Unavailable',
  'Invocation.TimeLimit',
  'Publish.Failed',
  'Internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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
  readonly issues: readonly Issue[];
  readonly tencentCode: string | undefined;
  readonly apiRequestId: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
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

/** The JSON error body of an answer or a message: the code, the message and where each problem is. */
export function errorBody(e: AppError): { error: { code: string; message: string; issues?: Issue[] } } {
  const body: { code: string; message: string; issues?: Issue[] } = {
    code: e.resultCode,
    message: e.message,
  };
  if (e.issues.length > 0) body.issues = [...e.issues];
  return { error: body };
}
