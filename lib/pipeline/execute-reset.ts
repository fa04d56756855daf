import type { EcmInstance, ResetInstancesParams } from '../ports';
import type { InstanceResult } from '../result/result-message';
import { CloudCallError } from '../tencent/cloud-error';
import { chunk } from './cloud-calls';
import type { Invocation } from './invocation';

/** ResetInstances takes at most 100 instances per call. */
export const RESET_BATCH_MAX = 100;

/**
 * Codes that blame one instance of a batch: the API fails the whole call, so the batch is split
 * to find the culprit and reset the rest (each instance still gets at most one accepted call).
 */
const INSTANCE_SPECIFIC = new Set([
  'InvalidParameterValue.InvalidImageArchitecture',
  'OperationDenied.InstanceOperationInProgress',
  'ResourceNotFound.InstanceNotExist',
  'InvalidParameterValue.InvalidInstanceID',
  'FailedOperation.OperationNotAllow',
  'InvalidParameterValue.InvaildPassword',
]);

export type ResetSettings = Omit<ResetInstancesParams, 'instanceIds'>;

const result = (instanceId: string, status: InstanceResult['status'], code: string, message: string, apiRequestId: string | null): InstanceResult => ({
  instanceId,
  status,
  code,
  message,
  apiRequestId,
});

/** Our reset shows as the latest operation, running or already finished. */
const started = (before: EcmInstance | undefined, after: EcmInstance): boolean =>
  after.latestOperation === 'ResetInstances' &&
  (after.latestOperationState === 'OPERATING' ||
    before?.latestOperation !== after.latestOperation ||
    before?.latestOperationState !== after.latestOperationState);

/**
 * Resets instances in batches of at most 100. Each instance is sent in at most one call that
 * took effect: after an ambiguous failure (timeout, 5xx, dropped connection, InternalError)
 * the batch is reconciled with DescribeInstances, and only instances that provably did not
 * start are sent again, once.
 */
export async function executeReset(inv: Invocation, instances: readonly EcmInstance[], settings: ResetSettings): Promise<InstanceResult[]> {
  const snapshot = new Map(instances.map((i) => [i.instanceId, i]));
  const batches = chunk(instances.map((i) => i.instanceId), RESET_BATCH_MAX);
  const results = await Promise.all(batches.map((ids) => resetBatch(inv, ids, settings, snapshot, 1)));
  return results.flat();
}

async function resetBatch(
  inv: Invocation,
  ids: readonly string[],
  settings: ResetSettings,
  snapshot: ReadonlyMap<string, EcmInstance>,
  sendsLeft: number,
): Promise<InstanceResult[]> {
  try {
    const r = await inv.cloud.resetInstances({ ...settings, instanceIds: ids });
    inv.log.info('reset.batch.accepted', { instanceIds: ids, apiRequestId: r.apiRequestId });
    return ids.map((id) => result(id, 'accepted', 'Accepted', 'reinstall started', r.apiRequestId));
  } catch (e) {
    if (!(e instanceof CloudCallError)) throw e;
    inv.log.warn('reset.batch.failed', { instanceIds: ids, failure: e.failure, code: e.tencentCode ?? null, apiRequestId: e.apiRequestId ?? null });
    if (e.failure === 'ambiguous') return reconcile(inv, ids, settings, snapshot, e, sendsLeft);
    if (e.failure === 'rejected' && e.tencentCode !== undefined && INSTANCE_SPECIFIC.has(e.tencentCode) && ids.length > 1) {
      const half = Math.ceil(ids.length / 2);
      const [a, b] = await Promise.all([
        resetBatch(inv, ids.slice(0, half), settings, snapshot, sendsLeft),
        resetBatch(inv, ids.slice(half), settings, snapshot, sendsLeft),
      ]);
      return [...a, ...b];
    }
    return ids.map((id) => result(id, 'failed', e.resultCode, e.message, e.apiRequestId ?? null));
  }
}

async function reconcile(
  inv: Invocation,
  ids: readonly string[],
  settings: ResetSettings,
  snapshot: ReadonlyMap<string, EcmInstance>,
  error: CloudCallError,
  sendsLeft: number,
): Promise<InstanceResult[]> {
  let now: EcmInstance[];
  try {
    now = (await inv.cloud.describeIds(ids)).found;
  } catch (e) {
    const why = e instanceof CloudCallError ? e.message : 'DescribeInstances failed';
    inv.log.error('reset.reconcile.failed', { instanceIds: ids, reason: why });
    return ids.map((id) => result(id, 'failed', error.resultCode, `no answer from ResetInstances and the outcome could not be checked (${why}); look at the instance before retrying`, error.apiRequestId ?? null));
  }
  const byId = new Map(now.map((i) => [i.instanceId, i]));
  const begun = ids.filter((id) => {
    const after = byId.get(id);
    return after !== undefined && started(snapshot.get(id), after);
  });
  const notBegun = ids.filter((id) => !begun.includes(id));
  inv.log.info('reset.reconciled', { started: begun, notStarted: notBegun, failure: error.failure });
  const out = begun.map((id) => result(id, 'accepted', 'Accepted', `reinstall started (confirmed by DescribeInstances after: ${error.message})`, error.apiRequestId ?? null));
  if (notBegun.length === 0) return out;
  if (sendsLeft > 0) {
    // If the lost call lands after all, the resend meets its reset in progress: that is ours.
    const resent = (await resetBatch(inv, notBegun, settings, snapshot, sendsLeft - 1)).map((r) =>
      r.code === 'OperationDenied.InstanceOperationInProgress'
        ? result(r.instanceId, 'accepted', 'Accepted', 'reinstall started by the unanswered call', error.apiRequestId ?? null)
        : r,
    );
    return [...out, ...resent];
  }
  return [...out, ...notBegun.map((id) => result(id, 'failed', error.resultCode, `ResetInstances did not answer and the instance did not start: ${error.message}`, error.apiRequestId ?? null))];
}
