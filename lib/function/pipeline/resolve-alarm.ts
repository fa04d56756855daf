import { isAllowed } from '../guardrails/allow-list';
import { AppError } from '../kernel/errors';
import type { AlarmIntent } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import type { Invocation } from './invocation';

/**
 * The request an alarm stands for: reset the one instance it names, keeping data. ECM metrics
 * name instances by UUID, which DescribeInstances maps back to the InstanceId.
 */
export async function requestFromAlarm(inv: Invocation, intent: AlarmIntent): Promise<ResetRequest | AppError> {
  let instanceId: string;
  const { target } = intent;
  if ('instanceId' in target && target.uuid === undefined) {
    instanceId = target.instanceId;
  } else {
    const uuid = target.uuid as string;
    const found = await inv.cloud.describeAll({ by: 'uuids', uuids: [uuid] });
    const match = found.find((i) => i.uuid?.toLowerCase() === uuid.toLowerCase());
    // A UUID that is no instance and one that is not allowed read the same: an alarm token
    // must not tell which instances exist.
    if (!match || !isAllowed(inv.config.allow, match.instanceId, match.tags)) {
      return new AppError('Guard.NotAllowed', `not allowed to reset the instance with UUID ${uuid} (RESET_ALLOW)`);
    }
    if ('instanceId' in target && target.instanceId !== match.instanceId) {
      return new AppError(
        'Request.Invalid',
        `the alarm's dimensions name ${target.instanceId} and UUID ${uuid}, which are not the same instance: an alarm may reset only the one instance it is about`,
      );
    }
    instanceId = match.instanceId;
  }
  return {
    target: { kind: 'ids', instanceIds: [instanceId] },
    imageId: null,
    keepData: true,
    keepImageLogin: false,
    enhancedService: null,
    reason: `alarm: ${intent.summary}`.slice(0, 256),
    requestedBy: intent.trigger.kind === 'eventbridge' ? 'eventbridge-alarm' : 'cloud-monitor-alarm',
    dryRun: false,
    idempotencyKey: null,
  };
}
