import * as v from 'valibot';
import { AppError } from '../kernel/errors';
import { describeIssues, issuesOf } from '../kernel/issues';
import { InstanceIdsSchema, RequestedBySchema, strictMessage } from './reset-request';

/**
 * The body of `POST /release`: a human lets escalated instances be reset again. The ids follow the
 * rules of a reset request's (1–100 `ein-` ids, none twice); any other field is an error.
 */
export const ReleaseRequestSchema = v.pipe(
  // An array is an object to valibot: refused here, with one issue instead of one per index.
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'the release request must be a JSON object',
  ),
  v.strictObject(
    {
      instanceIds: InstanceIdsSchema,
      reason: v.pipe(
        v.string('reason is required: say why the instances may be reset again'),
        v.trim(),
        v.minLength(1, 'reason must not be empty'),
        // Code points, as for a reset request's reason.
        v.check((s) => [...s].length <= 256, 'reason must be at most 256 characters'),
      ),
      requestedBy: v.optional(RequestedBySchema),
    },
    strictMessage('the release request', 'instanceIds, reason, requestedBy', 'reason is required: say why the instances may be reset again'),
  ),
);

export interface ReleaseRequest {
  instanceIds: string[];
  reason: string;
  /** The caller's own words, null when not given. */
  requestedBy: string | null;
}

/** Checks a `POST /release` body (parsed JSON). */
export function validateRelease(payload: unknown): ReleaseRequest | AppError {
  const parsed = v.safeParse(ReleaseRequestSchema, payload);
  if (!parsed.success) {
    const issues = issuesOf(parsed.issues);
    return new AppError('Request.Invalid', describeIssues('invalid release request', issues), { issues });
  }
  return { instanceIds: parsed.output.instanceIds, reason: parsed.output.reason, requestedBy: parsed.output.requestedBy ?? null };
}
