import * as v from 'valibot';
import { TRIGGER_KINDS } from '../request/intent';

/**
 * The message published to RESET_TOPIC for every reset request and every release (MsgTag = type). Exported for
 * consumers: parse with `v.parse(ResultMessageSchema, JSON.parse(msgBody))`. Objects are not
 * strict so that consumers keep working when fields are added.
 */
export const RESULT_TYPES = [
  'reset.accepted',
  'reset.partial',
  'reset.rejected',
  'reset.failed',
  'reset.dry-run',
  'reset.completed',
  'reset.escalated',
  'reset.released',
] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

/** The types that end a request: exactly one of them is published per request. */
export const TERMINAL_TYPES: readonly ResultType[] = ['reset.accepted', 'reset.partial', 'reset.rejected', 'reset.failed', 'reset.dry-run'];

/**
 * Per instance: `accepted` (ResetInstances took it), `skipped` (a guardrail or dry run left it
 * alone), `failed`; in `reset.completed`: `succeeded`, `failed` or `timed-out`; in
 * `reset.released`: `released` (a human let it be reset again) or `not-escalated` (it was not left
 * for a human, so nothing changed).
 */
export const RESULT_STATUSES = ['accepted', 'skipped', 'failed', 'succeeded', 'timed-out', 'released', 'not-escalated'] as const;

export const InstanceResultSchema = v.object({
  instanceId: v.string(),
  status: v.picklist(RESULT_STATUSES),
  /** A Tencent Cloud error code exactly as returned, or one of ours (`Guard.Cooldown`, …). */
  code: v.string(),
  message: v.string(),
  apiRequestId: v.nullable(v.string()),
});

export const RequestSummarySchema = v.object({
  instanceIds: v.array(v.string()),
  /** `tag:KEY=VALUE` for fleet requests, else null. */
  selector: v.optional(v.nullable(v.string()), null),
  imageId: v.nullable(v.string()),
  keepData: v.boolean(),
  keepImageLogin: v.boolean(),
  reason: v.string(),
  requestedBy: v.nullable(v.string()),
  dryRun: v.boolean(),
  /**
   * Present when `instanceIds` was shortened to fit the topic (see `shortened`): how many ids the
   * request named. Every instance tried still has its entry in `results`.
   */
  instanceIdCount: v.optional(v.number()),
});

export const ResultMessageSchema = v.object({
  version: v.literal(1),
  type: v.picklist(RESULT_TYPES),
  /** Unique per reset request and stable across retries of the same event. */
  id: v.string(),
  time: v.pipe(v.string(), v.isoTimestamp()),
  trigger: v.object({ kind: v.picklist(TRIGGER_KINDS), id: v.nullable(v.string()) }),
  /** Null when the request could not be read at all (see `error`). */
  request: v.nullable(RequestSummarySchema),
  results: v.array(InstanceResultSchema),
  /** Why a whole request was refused or failed (validation issues included). */
  error: v.optional(
    v.nullable(
      v.object({
        code: v.string(),
        message: v.string(),
        issues: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
      }),
    ),
    null,
  ),
  functionRequestId: v.nullable(v.string()),
  /**
   * Present when one result is too large for one CMQ message (RESET_TOPIC_MAX_BYTES): the results are spread
   * over `of` messages with the same id and type; `index` counts from 1.
   */
  part: v.optional(v.object({ index: v.number(), of: v.number() })),
  /**
   * Present when even one part would exceed the topic's maximum size (RESET_TOPIC_MAX_BYTES): the
   * fields whose text (or list) was shortened to fit, e.g. `["error.message", "error.issues"]`.
   * Shortened text ends in `…(N chars, sha256:xxxxxxxx)`; the id, type and trigger are never dropped.
   */
  shortened: v.optional(v.array(v.string())),
});

export type InstanceResult = v.InferOutput<typeof InstanceResultSchema>;
export type RequestSummary = v.InferOutput<typeof RequestSummarySchema>;
export type ResultMessage = v.InferOutput<typeof ResultMessageSchema>;
