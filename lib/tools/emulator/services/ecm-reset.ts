import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import { batchFamily, passwordRefusal } from '../rules/password-rules';
import type { ActionContext } from '../service';
import type { InstanceRecord } from '../state';

const INSTANCE_ID = /^ein-[a-z0-9]{8}$/;
const IMAGE_ID = /^img-[a-z0-9]{8}$/;
/** Not stated for ResetInstances; its sibling APIs all take up to 100 instances per request. */
const MAX_INSTANCES = 100;
const FORMAT = 'InvalidParameter.InvalidDataFormat';

const Enabled = v.strictObject({ Enabled: v.optional(v.boolean()) });

export const ResetInstancesParamsSchema = v.object({
  InstanceIdSet: v.array(v.string('must be a string'), 'must be an array of instance ids'),
  ImageId: v.optional(v.string('must be a string')),
  Password: v.optional(v.string('must be a string')),
  EnhancedService: v.optional(
    v.strictObject({
      SecurityService: v.optional(v.strictObject({ Enabled: v.optional(v.boolean()), Version: v.optional(v.number()) })),
      MonitorService: v.optional(Enabled),
      EIPDirectService: v.optional(Enabled),
    }),
  ),
  KeepData: v.optional(v.picklist(['true', 'false'], 'must be the string "true" or "false"')),
  KeepImageLogin: v.optional(v.picklist(['TRUE', 'FALSE'], 'must be the string "TRUE" or "FALSE"')),
});

/** States from which a reinstall may start. */
const RESETTABLE = new Set(['RUNNING', 'STOPPED']);
/** States that are themselves an operation in progress. */
const TRANSITIONAL = new Set(['PENDING', 'STARTING', 'STOPPING', 'REBOOTING', 'TERMINATING']);

/**
 * ECM ResetInstances. Every check runs before anything changes, so a request
 * naming one bad instance fails whole, as the real API does.
 */
export function resetInstances(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ResetInstancesParamsSchema, params, FORMAT);
  const ids = [...new Set(input.InstanceIdSet)];
  if (ids.length === 0) throw new ApiError('MissingParameter', 'InstanceIdSet must name at least one instance');
  if (ids.length > MAX_INSTANCES) {
    throw new ApiError('InvalidParameterValue.ParameterValueTooLarge', `InstanceIdSet has ${ids.length} ids; at most ${MAX_INSTANCES} are allowed`);
  }
  const malformed = ids.find((id) => !INSTANCE_ID.test(id));
  if (malformed !== undefined) throw new ApiError('InvalidParameterValue.InvalidInstanceID', `the instance id \`${malformed}\` is malformed`);
  const instances = ids.map((id) => {
    const instance = ctx.state.ecm.instance(id);
    if (instance === undefined) throw new ApiError('ResourceNotFound.InstanceNotExist', `the instance \`${id}\` does not exist`);
    return instance;
  });
  const keepImageLogin = input.KeepImageLogin === 'TRUE';
  if (keepImageLogin && input.Password !== undefined) {
    throw new ApiError('InvalidParameter.ParameterConflict', 'KeepImageLogin TRUE cannot be combined with Password');
  }
  if (input.ImageId !== undefined && (!IMAGE_ID.test(input.ImageId) || !ctx.state.ecm.images.has(input.ImageId))) {
    throw new ApiError('InvalidParameterValue.InvalidImageID', `the image id \`${input.ImageId}\` is invalid or does not exist`);
  }
  const targets = instances.map((instance) => ({ instance, imageId: input.ImageId ?? instance.imageId }));
  for (const { instance, imageId } of targets) checkImage(ctx, instance, imageId, keepImageLogin);
  if (input.Password !== undefined) {
    // The password is set on the reinstalled system: the rule is the new image's (Windows' if any of the batch's is).
    const osTypes = targets.map(({ instance, imageId }) => ctx.state.ecm.images.get(imageId)?.osType ?? instance.osType);
    const refusal = passwordRefusal(input.Password, batchFamily(osTypes));
    if (refusal !== null) throw new ApiError('InvalidParameterValue.InvaildPassword', `the password is not valid: ${refusal}`);
  }
  for (const instance of instances) checkState(instance);
  for (const { instance, imageId } of targets) ctx.state.ecm.startReset(instance, imageId, ctx.now, ctx.requestId);
  return {};
}

function checkImage(ctx: ActionContext, instance: InstanceRecord, imageId: string, keepImageLogin: boolean): void {
  const image = ctx.state.ecm.images.get(imageId);
  if (image === undefined) {
    throw new ApiError('InvalidParameterValue.InvalidImageID', `the image \`${imageId}\` of instance \`${instance.instanceId}\` does not exist`);
  }
  if (keepImageLogin && image.kind === 'public') {
    // The docs allow KeepImageLogin only for custom, shared and imported images.
    throw new ApiError('FailedOperation.OperationNotAllow', `KeepImageLogin TRUE needs a custom, shared or imported image; \`${imageId}\` is public`);
  }
  if (image.architecture === 'i386' && instance.memoryGb >= 4) {
    throw new ApiError(
      'InvalidParameterValue.InvalidImageArchitecture',
      `instance \`${instance.instanceId}\` has ${instance.memoryGb} GB of memory; 32-bit image \`${imageId}\` needs less than 4 GB`,
    );
  }
}

function checkState(instance: InstanceRecord): void {
  if (instance.latestOperationState === 'OPERATING' || TRANSITIONAL.has(instance.state)) {
    throw new ApiError(
      'OperationDenied.InstanceOperationInProgress',
      `instance \`${instance.instanceId}\` is busy with ${instance.latestOperation ?? 'another operation'} (state ${instance.state})`,
    );
  }
  if (!RESETTABLE.has(instance.state)) {
    throw new ApiError('FailedOperation.OperationNotAllow', `instance \`${instance.instanceId}\` cannot be reset in state ${instance.state}`);
  }
}
