import type { AppError } from '../kernel/errors';
import type { InstanceResult, RequestSummary, ResultMessage, ResultType } from '../result/result-message';

/** How one intent ended, for the trigger's answer. */
export interface Outcome {
  /** The result id, when the intent became a reset request. */
  id: string | null;
  /** The terminal type, `ignored` (alarm recovery) or `duplicate` (already handled). */
  type: ResultType | 'ignored' | 'duplicate';
  /** The request as the result message shows it; null when it could not be read. */
  request: RequestSummary | null;
  results: InstanceResult[];
  error: AppError | null;
  /** Every message this intent produced (terminal first, then escalations). */
  messages: ResultMessage[];
  /** false when a message could only be written to the log as a dead letter. */
  published: boolean;
}
