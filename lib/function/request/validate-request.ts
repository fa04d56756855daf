import * as v from 'valibot';
import { AppError } from '../kernel/errors';
import { describeIssues, issuesOf } from '../kernel/issues';
import type { RequestDefaults } from './intent';
import { type ResetRequest, ResetRequestSchema } from './reset-request';
import type { TagSelector } from './selector';

/**
 * `requestedBy` is the caller's own words: anyone holding a key may write "alice". The source
 * the function did authenticate (`http:key-2`, `cmq:QUEUE`, …) is kept beside it, so the
 * message and the log always say who really asked.
 */
function requester(payload: unknown, given: string | undefined, source: string | undefined): string | null {
  const own = typeof payload === 'object' && payload !== null && typeof (payload as Record<string, unknown>)['requestedBy'] === 'string';
  if (given === undefined) return null;
  return own && source !== undefined && given !== source ? `${given} (via ${source})` : given;
}

function withDefaults(payload: unknown, defaults: RequestDefaults): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const filled: Record<string, unknown> = { ...payload };
  if (filled['reason'] === undefined && defaults.reason !== undefined) filled['reason'] = defaults.reason;
  if (filled['requestedBy'] === undefined && defaults.requestedBy !== undefined) filled['requestedBy'] = defaults.requestedBy;
  return filled;
}

/**
 * Checks a request against `ResetRequestSchema` and the API's own rules that need no call.
 * @param passwordConfigured a password secret is configured, so `keepImageLogin` would conflict
 */
export function validateRequest(payload: unknown, defaults: RequestDefaults, passwordConfigured: boolean): ResetRequest | AppError {
  const parsed = v.safeParse(ResetRequestSchema, withDefaults(payload, defaults));
  if (!parsed.success) {
    const issues = issuesOf(parsed.issues);
    return new AppError('Request.Invalid', describeIssues('invalid reset request', issues), { issues });
  }
  const r = parsed.output;
  // ResetInstances: KeepImageLogin cannot be combined with Password (InvalidParameter.ParameterConflict).
  if (r.keepImageLogin && passwordConfigured) {
    const issue = {
      path: 'keepImageLogin',
      message: 'keepImageLogin cannot be used while a new password is configured (RESET_PASSWORD_SECRET): the API refuses both together',
    };
    return new AppError('Request.Invalid', `invalid reset request: ${issue.path}: ${issue.message}`, { issues: [issue] });
  }
  return {
    // The schema lets exactly one of the two through.
    target: r.instanceIds !== undefined ? { kind: 'ids', instanceIds: r.instanceIds } : { kind: 'selector', selector: r.selector as TagSelector },
    imageId: r.imageId ?? null,
    keepData: r.keepData,
    keepImageLogin: r.keepImageLogin,
    enhancedService: r.enhancedService ?? null,
    reason: r.reason,
    requestedBy: requester(payload, r.requestedBy, defaults.requestedBy),
    dryRun: r.dryRun,
    idempotencyKey: r.idempotencyKey ?? null,
  };
}
