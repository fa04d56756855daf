import { scrub } from '../kernel/logger';
import { chunk } from '../ports/cloud-calls';
import { CloudCallError } from '../ports/cloud-error';
import type { EcmInstance, ResetInstancesParams } from '../ports/cloud-ports';
import type { InstanceResult } from '../result/result-message';
import type { Invocation } from './invocation';

/** ResetInstances takes at most 100 instances per call. */
export const RESET_BATCH_MAX = 100;

/**
 * After an unanswered ResetInstances the request may still be on its way (a timeout does not
 * stop the server): wait this long, within the deadline, before asking DescribeInstances.
 */
export const RECONCILE_GRACE_MS = 1000;

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

const IN_PROGRESS = 'OperationDenied.InstanceOperationInProgress';

export type ResetSettings = Omit<ResetInstancesParams, 'instanceIds'>;

/** What one executeReset works with. */
interface Run {
  inv: Invocation;
  settings: ResetSettings;
  /** The instances as the guardrails saw them, before any call. */
  snapshot: ReadonlyMap<string, EcmInstance>;
  /** Result text never carries the password, whatever an error message echoes. */
  scrub: (text: string) => string;
  /** Instances that ECM certainly did not start (it answered with a refusal, or the call never left). */
  notStarted: Set<string>;
}

export interface ResetOutcome {
  results: InstanceResult[];
  /**
   * Instances whose ResetInstances certainly did not take effect. An ambiguous failure that
   * could not be reconciled is not among them: it may still have started.
   */
  notStarted: ReadonlySet<string>;
}

const result = (
  run: Run,
  instanceId: string,
  status: InstanceResult['status'],
  code: string,
  message: string,
  apiRequestId: string | null,
): InstanceResult => ({
  instanceId,
  status,
  code,
  message: run.scrub(message),
  apiRequestId,
});

/** Our reset shows as the latest operation, running or already finished since the snapshot. */
export const startedSince = (before: EcmInstance | undefined, after: EcmInstance): boolean =>
  after.latestOperation === 'ResetInstances' &&
  (after.latestOperationState === 'OPERATING' ||
    before?.latestOperation !== after.latestOperation ||
    before?.latestOperationState !== after.latestOperationState);

/**
 * Resets instances in batches of at most 100, and reports every instance on its own.
 * - A batch refused for one instance's sake (INSTANCE_SPECIFIC codes) is split in halves until
 *   the culprits stand alone; the others are reset.
 * - Throttling and unreachable endpoints are retried by the cloud-call policy (nothing happened).
 * - After an ambiguous failure (timeout, 5xx, dropped connection, InternalError) nothing is
 *   resent blindly: DescribeInstances tells which instances started (accepted), and only those
 *   that provably did not are sent once more.
 * Each instance is thus in at most one call that took effect; ECM's own refusal of a second
 * reset while one runs (InstanceOperationInProgress) backs this up.
 */
export async function executeReset(inv: Invocation, instances: readonly EcmInstance[], settings: ResetSettings): Promise<ResetOutcome> {
  const password = settings.password;
  const run: Run = {
    inv,
    settings,
    snapshot: new Map(instances.map((i) => [i.instanceId, i])),
    // The logger's scrub: the password as is, JSON-escaped, URL-encoded and base64, as an error may quote it.
    scrub: password === null || password === '' ? (t) => t : (t) => scrub(t, [password]),
    notStarted: new Set(),
  };
  const batches = chunk(
    instances.map((i) => i.instanceId),
    RESET_BATCH_MAX,
  );
  const settled = await Promise.allSettled(batches.map((ids) => resetBatch(run, ids, 1)));
  const results = settled.flatMap((s, i) => {
    if (s.status === 'fulfilled') return s.value;
    // A bug, not a cloud answer: say so per instance instead of losing the other batches' results.
    const ids = batches[i] ?? [];
    inv.log.error('reset.batch.error', { instanceIds: ids, message: s.reason instanceof Error ? run.scrub(s.reason.message) : 'unknown' });
    return ids.map((id) => result(run, id, 'failed', 'Internal', 'internal error while resetting; look at the instance before retrying', null));
  });
  return { results, notStarted: run.notStarted };
}

async function resetBatch(run: Run, ids: readonly string[], sendsLeft: number): Promise<InstanceResult[]> {
  const { inv } = run;
  const left = inv.deadline - inv.clock.now();
  if (inv.clock.now() >= inv.resetCutoff) {
    // Splitting and resending cost calls; never so many that SCF kills the invocation before
    // the state is given back and the result published.
    inv.log.warn('reset.batch.not-sent', { instanceIds: ids, msLeft: left });
    for (const id of ids) run.notStarted.add(id);
    return ids.map((id) =>
      result(
        run,
        id,
        'failed',
        'Invocation.TimeLimit',
        `not sent: the invocation's time was running out (${Math.max(0, Math.round(left / 1000))} s left); nothing was started, so another run may reset it`,
        null,
      ),
    );
  }
  try {
    const r = await inv.cloud.resetInstances({ ...run.settings, instanceIds: ids });
    inv.log.info('reset.batch.accepted', { instanceIds: ids, apiRequestId: r.apiRequestId });
    return ids.map((id) => result(run, id, 'accepted', 'Accepted', 'reinstall started', r.apiRequestId));
  } catch (e) {
    if (!(e instanceof CloudCallError)) throw e;
    inv.log.warn('reset.batch.failed', { instanceIds: ids, failure: e.failure, code: e.tencentCode ?? null, apiRequestId: e.apiRequestId ?? null });
    if (e.failure === 'ambiguous') return reconcile(run, ids, e, sendsLeft);
    if (e.failure === 'rejected' && e.tencentCode !== undefined && INSTANCE_SPECIFIC.has(e.tencentCode) && ids.length > 1) {
      const half = Math.ceil(ids.length / 2);
      const [a, b] = await Promise.all([resetBatch(run, ids.slice(0, half), sendsLeft), resetBatch(run, ids.slice(half), sendsLeft)]);
      return [...a, ...b];
    }
    // Refused, or never sent (throttled or unreachable after every retry): nothing started.
    for (const id of ids) run.notStarted.add(id);
    return ids.map((id) => result(run, id, 'failed', e.resultCode, e.message, e.apiRequestId ?? null));
  }
}

/** Waits up to `ms`, but never past the invocation's deadline. */
async function graceWithin(inv: Invocation, ms: number): Promise<void> {
  const wait = Math.min(ms, inv.deadline - inv.clock.now());
  if (wait > 0) await inv.clock.sleep(wait);
}

async function reconcile(run: Run, ids: readonly string[], error: CloudCallError, sendsLeft: number): Promise<InstanceResult[]> {
  const { inv } = run;
  const apiRequestId = error.apiRequestId ?? null;
  await graceWithin(inv, RECONCILE_GRACE_MS);
  let now: EcmInstance[];
  try {
    now = (await inv.cloud.describeIds(ids)).found;
  } catch (e) {
    const why = e instanceof CloudCallError ? e.message : 'DescribeInstances failed';
    inv.log.error('reset.reconcile.failed', { instanceIds: ids, reason: why });
    // Not resent: it may have started. The instance shows OPERATING if it did, and the guardrails then refuse a second reset.
    return ids.map((id) =>
      result(
        run,
        id,
        'failed',
        error.resultCode,
        `no answer from ResetInstances and the outcome could not be checked (${why}); look at the instance before retrying`,
        apiRequestId,
      ),
    );
  }
  const byId = new Map(now.map((i) => [i.instanceId, i]));
  const begun = ids.filter((id) => {
    const after = byId.get(id);
    return after !== undefined && startedSince(run.snapshot.get(id), after);
  });
  const notBegun = ids.filter((id) => !begun.includes(id));
  inv.log.info('reset.reconciled', { started: begun, notStarted: notBegun, failure: error.failure, resend: notBegun.length > 0 && sendsLeft > 0 });
  const out = begun.map((id) =>
    result(run, id, 'accepted', 'Accepted', `reinstall started (confirmed by DescribeInstances after: ${error.message})`, apiRequestId),
  );
  if (notBegun.length === 0) return out;
  if (sendsLeft > 0) {
    // If the lost call lands after all, the resend meets its reset in progress: that reset is ours.
    const resent = (await resetBatch(run, notBegun, sendsLeft - 1)).map((r) => {
      if (r.code !== IN_PROGRESS) return r;
      run.notStarted.delete(r.instanceId);
      return result(run, r.instanceId, 'accepted', 'Accepted', 'reinstall started by the unanswered call', apiRequestId);
    });
    return [...out, ...resent];
  }
  return [
    ...out,
    ...notBegun.map((id) =>
      result(run, id, 'failed', error.resultCode, `ResetInstances did not answer and the instance did not start: ${error.message}`, apiRequestId),
    ),
  ];
}
