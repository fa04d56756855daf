import * as v from 'valibot';
import { ImageIdSchema, InstanceIdSchema } from './ids';
import { SelectorSchema, type TagSelector } from './selector';

/** Most ids one ResetInstances call accepts (sibling ECM APIs document 100 per request). */
export const MAX_IDS_PER_CALL = 100;

const common = {
  imageId: v.optional(ImageIdSchema),
  keepData: v.optional(v.boolean('keepData must be true or false'), true),
  keepImageLogin: v.optional(v.boolean('keepImageLogin must be true or false'), false),
  enhancedService: v.optional(
    v.strictObject({
      monitor: v.optional(v.boolean('enhancedService.monitor must be true or false')),
      security: v.optional(v.boolean('enhancedService.security must be true or false')),
    }),
  ),
  reason: v.pipe(
    v.string('reason is required: say why the machine is reinstalled'),
    v.trim(),
    v.minLength(1, 'reason must not be empty'),
    v.maxLength(256, 'reason must be at most 256 characters'),
  ),
  requestedBy: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128, 'requestedBy must be at most 128 characters'))),
  dryRun: v.optional(v.boolean('dryRun must be true or false'), false),
  idempotencyKey: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:\-]{1,128}$/, 'idempotencyKey must be 1–128 letters, digits or . _ : -')),
  ),
};

/** The body of `POST /reset`, and what every trigger carries: a list of instances. */
export const InstancesRequestSchema = v.strictObject({
  instanceIds: v.pipe(
    v.array(InstanceIdSchema, 'instanceIds must be a list of instance ids'),
    v.minLength(1, 'instanceIds must name at least one instance'),
    v.maxLength(MAX_IDS_PER_CALL, `instanceIds may name at most ${MAX_IDS_PER_CALL} instances`),
    v.checkItems((id, i, ids) => ids.indexOf(id) === i, (issue) => `${String(issue.input)} is listed twice`),
  ),
  ...common,
});

/** A fleet request (timers, queues): every allowed instance with a tag. */
export const SelectorRequestSchema = v.strictObject({
  selector: SelectorSchema,
  ...common,
});

/**
 * One schema for what every trigger produces. Exactly one of `instanceIds` or `selector`;
 * the variant is picked by which key is present, so errors speak about the right shape.
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
    return input;
  }),
  v.union([InstancesRequestSchema, SelectorRequestSchema], 'give instanceIds (a list of ein- ids) or selector (tag:KEY=VALUE)'),
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
