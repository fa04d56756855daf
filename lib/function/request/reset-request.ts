import * as v from 'valibot';
import { echo, echoJson } from '../kernel/echo';
import { ImageIdSchema, InstanceIdSchema } from './ids';
import { SelectorSchema, type TagSelector } from './selector';

/** Most ids one ResetInstances call accepts (sibling ECM APIs document 100 per request). */
export const MAX_IDS_PER_CALL = 100;

/**
 * The message of a strict object's own issues: not an object, a missing field (reported at the
 * field, as valibot does) or an unknown field. `what` names the object in the message.
 */
export const strictMessage =
  (what: string, fields: string, reasonRequired = 'reason is required: say why the machine is reinstalled') =>
  (issue: v.ObjectIssue | v.StrictObjectIssue): string => {
    const key = issue.path?.[issue.path.length - 1]?.key;
    if (key === undefined) return `${what} must be a JSON object`;
    if (issue.expected === 'never') return `unknown field ${echoJson(String(key))}: ${what} has ${fields}`;
    return key === 'reason' ? reasonRequired : `${String(key)} is required`;
  };

const REQUEST_FIELDS = 'instanceIds or selector, imageId, keepData, keepImageLogin, enhancedService, reason, requestedBy, dryRun, idempotencyKey';
const requestMessage = strictMessage('the request', REQUEST_FIELDS);

/** Who asked, in the caller's own words (the authenticated source is kept beside it). */
export const RequestedBySchema = v.pipe(
  v.string('requestedBy must be a string'),
  v.trim(),
  v.minLength(1, 'requestedBy must not be empty'),
  v.check((s) => [...s].length <= 128, 'requestedBy must be at most 128 characters'),
);

const common = {
  imageId: v.optional(ImageIdSchema),
  keepData: v.optional(v.boolean('keepData must be true or false'), true),
  keepImageLogin: v.optional(v.boolean('keepImageLogin must be true or false'), false),
  enhancedService: v.optional(
    v.strictObject(
      {
        monitor: v.optional(v.boolean('enhancedService.monitor must be true or false')),
        security: v.optional(v.boolean('enhancedService.security must be true or false')),
      },
      strictMessage('enhancedService', 'monitor, security'),
    ),
  ),
  reason: v.pipe(
    v.string('reason is required: say why the machine is reinstalled'),
    v.trim(),
    v.minLength(1, 'reason must not be empty'),
    // Characters as people count them (code points), so an emoji is one, not two UTF-16 units.
    v.check((s) => [...s].length <= 256, 'reason must be at most 256 characters'),
  ),
  requestedBy: v.optional(RequestedBySchema),
  dryRun: v.optional(v.boolean('dryRun must be true or false'), false),
  idempotencyKey: v.optional(
    v.pipe(v.string('idempotencyKey must be a string'), v.regex(/^[A-Za-z0-9._:-]{1,128}$/, 'idempotencyKey must be 1–128 letters, digits or . _ : -')),
  ),
};

const LIST_MESSAGE = 'instanceIds must be a list of instance ids';

/**
 * The list's length is checked before its items: a pipe stops at the next schema once an issue is
 * raised, so 200,000 ids are one "at most 100" issue, read in one pass, not 200,000 issues.
 * Repeats are found with a Set, in one pass too.
 */
export const InstanceIdsSchema = v.pipe(
  v.custom<string[]>((input) => Array.isArray(input), LIST_MESSAGE),
  v.minLength(1, 'instanceIds must name at least one instance'),
  v.maxLength(MAX_IDS_PER_CALL, `instanceIds may name at most ${MAX_IDS_PER_CALL} instances`),
  v.array(InstanceIdSchema, LIST_MESSAGE),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ids = dataset.value;
    const seen = new Set<string>();
    ids.forEach((id, key) => {
      if (!seen.has(id)) seen.add(id);
      else addIssue({ message: `${echo(id)} is listed twice`, input: id, path: [{ type: 'array', origin: 'value', input: ids, key, value: id }] });
    });
  }),
);

/** The body of `POST /reset`, and what every trigger carries: a list of instances. */
export const InstancesRequestSchema = v.strictObject({ instanceIds: InstanceIdsSchema, ...common }, requestMessage);

/** A fleet request (timers, queues): every allowed instance with a tag. */
export const SelectorRequestSchema = v.strictObject({ selector: SelectorSchema, ...common }, requestMessage);

/**
 * One schema for what every trigger produces. Exactly one of `instanceIds` or `selector`;
 * the shape is picked by which key is present (not a union: a union's failure would hide
 * which field was wrong behind one message), so every issue names its field.
 */
export const ResetRequestSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const input = dataset.value;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      addIssue({ message: 'the request must be a JSON object' });
      return NEVER;
    }
    if ('instanceIds' in input && 'selector' in input) {
      addIssue({ message: 'give either instanceIds or selector, not both' });
      return NEVER;
    }
    if (!('instanceIds' in input) && !('selector' in input)) {
      addIssue({ message: 'give instanceIds (a list of ein- ids) or selector (tag:KEY=VALUE)' });
      return NEVER;
    }
    return input;
  }),
  v.strictObject({ instanceIds: v.optional(InstanceIdsSchema), selector: v.optional(SelectorSchema), ...common }, requestMessage),
);

export type InstancesRequest = v.InferOutput<typeof InstancesRequestSchema>;
export type SelectorRequest = v.InferOutput<typeof SelectorRequestSchema>;
export type ResetRequestInput = v.InferInput<typeof InstancesRequestSchema> | v.InferInput<typeof SelectorRequestSchema>;

/** A validated request in one shape: targets are ids or a selector. */
export interface ResetRequest {
  target: { kind: 'ids'; instanceIds: string[] } | { kind: 'selector'; selector: TagSelector };
  imageId: string | null;
  keepData: boolean;
  keepImageLogin: boolean;
  enhancedService: { monitor?: boolean | undefined; security?: boolean | undefined } | null;
  reason: string;
  requestedBy: string | null;
  dryRun: boolean;
  idempotencyKey: string | null;
}
