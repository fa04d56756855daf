import type { AppError } from '../kernel/errors';
import type { TriggerRef } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import { formatSelector } from '../request/selector';
import type { InstanceResult, RequestSummary, ResultMessage, ResultType } from './result-message';

/** The request as the result message shows it (never a password: it is not part of a request). */
export function summarize(request: ResetRequest, instanceIds: readonly string[]): RequestSummary {
  return {
    instanceIds: [...instanceIds],
    selector: request.target.kind === 'selector' ? formatSelector(request.target.selector) : null,
    imageId: request.imageId,
    keepData: request.keepData,
    keepImageLogin: request.keepImageLogin,
    reason: request.reason,
    requestedBy: request.requestedBy,
    dryRun: request.dryRun,
  };
}

export interface MessageInput {
  type: ResultType;
  id: string;
  time: Date;
  trigger: TriggerRef;
  request: RequestSummary | null;
  results: InstanceResult[];
  error?: AppError | null;
  functionRequestId: string | null;
}

export function buildMessage(m: MessageInput): ResultMessage {
  return {
    version: 1,
    type: m.type,
    id: m.id,
    time: m.time.toISOString(),
    trigger: m.trigger,
    request: m.request,
    results: m.results,
    error: m.error ? { code: m.error.resultCode, message: m.error.message, ...(m.error.issues.length > 0 ? { issues: [...m.error.issues] } : {}) } : null,
    functionRequestId: m.functionRequestId,
  };
}

/** The terminal type that sums up per-instance results. */
export function terminalType(results: readonly InstanceResult[]): ResultType {
  const accepted = results.filter((r) => r.status === 'accepted').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  // Skipped instances (cooldown, already reinstalling) are the guardrails working, not a failure:
  // partial means some of what was tried failed, so a nightly fleet with one busy machine is accepted.
  if (accepted > 0) return failed > 0 ? 'reset.partial' : 'reset.accepted';
  return failed > 0 ? 'reset.failed' : 'reset.rejected';
}
