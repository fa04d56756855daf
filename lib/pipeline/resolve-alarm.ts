import { AppError } from '../errors';
import type { ResetRequest } from '../request/reset-request';
import type { AlarmIntent } from '../triggers/intent';
import type { Invocation } from './invocation';

/**
 * The request an alarm stands for: reset the one instance it names, keeping data. ECM metrics
 * name instances by UUID, which DescribeInstances maps back to the InstanceId.
 */
export async function requestFromAlarm(inv: Invocation, intent: AlarmIntent): Promise<ResetRequest | AppError> {
  let instanceId: string;
  if ('instanceId' in intent.target) {
    instanceId = intent.target.instanceId;
  } else {
    const uuid = intent.target.uuid;
    const found = await inv.cloud.describeAll({ by: 'uuids', uuids: [uuid] });
    const match = found.find((i) => i.uuid?.toLowerCase() === uuid.toLowerCase());
    if (!match) return new AppError('Guard.NoMatch', `the alarm names UUID ${uuid}, which is no ECM instance`);
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
