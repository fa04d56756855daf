import { AppError, type ErrorCode } from '../kernel/errors';

/**
 * How a failed call failed, which decides whether it may be retried:
 * - `rejected`: the API answered with an error; nothing happened;
 * - `throttled`: RequestLimitExceeded; nothing happened, retry later;
 * - `unreachable`: the request never left (connection refused, DNS); retry;
 * - `ambiguous`: it may or may not have taken effect (timeout, 5xx, dropped connection,
 *   InternalError): a write must be reconciled, not blindly resent.
 */
export type FailureKind = 'rejected' | 'throttled' | 'unreachable' | 'ambiguous';

export class CloudCallError extends AppError {
  readonly failure: FailureKind;
  readonly service: string;
  readonly action: string;

  constructor(
    service: string,
    action: string,
    failure: FailureKind,
    message: string,
    tencentCode: string | undefined,
    apiRequestId: string | undefined,
    cause: unknown,
    /** Our code when Tencent gave none: by default Cloud.Failed for a rejection, else Cloud.Unavailable. */
    code: ErrorCode = failure === 'rejected' ? 'Cloud.Failed' : 'Cloud.Unavailable',
  ) {
    super(code, message, {
      ...(tencentCode === undefined ? {} : { tencentCode }),
      ...(apiRequestId ? { apiRequestId } : {}),
      cause,
    });
    this.name = 'CloudCallError';
    this.failure = failure;
    this.service = service;
    this.action = action;
  }
}
