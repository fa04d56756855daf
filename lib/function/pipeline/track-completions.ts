import { AppError } from '../kernel/errors';
import { pendingCompletions } from '../ledger/ledger-state';
import type { EcmInstance } from '../ports/cloud-ports';
import type { TriggerRef } from '../request/intent';
import { buildMessage } from '../result/build-message';
import { publishResult } from '../result/publish-result';
import type { InstanceResult, ResultMessage } from '../result/result-message';
import type { Invocation } from './invocation';

export interface TrackSummary {
  completed: string[];
  stillRunning: number;
  /** Finished requests left for the next sweep because this invocation ran out of time. */
  deferred: string[];
  messages: ResultMessage[];
  published: boolean;
}

function outcomeOf(instanceId: string, i: EcmInstance | undefined, startedAt: number, now: number, timeout: number): InstanceResult | null {
  const base = { instanceId, apiRequestId: null };
  if (i === undefined) return { ...base, status: 'failed', code: 'ResourceNotFound.InstanceNotExist', message: 'the instance no longer exists' };
  if (i.latestOperation === 'ResetInstances' && i.latestOperationState === 'SUCCESS') {
    return { ...base, status: 'succeeded', code: 'SUCCESS', message: 'reinstalled' };
  }
  if (i.latestOperation === 'ResetInstances' && i.latestOperationState === 'FAILED') {
    return { ...base, status: 'failed', code: 'FAILED', message: 'the reinstall failed (LatestOperationState FAILED)' };
  }
  if (now - startedAt >= timeout) {
    return {
      ...base,
      status: 'timed-out',
      code: 'Completion.Timeout',
      message: `not finished ${now - startedAt} s after the reset started (${i.latestOperation ?? '?'}/${i.latestOperationState ?? '?'})`,
    };
  }
  return null;
}

/** Time one finished request needs to be reported: a publish and a ledger entry, with room for retries. */
const REPORT_BUDGET_MS = 2500;

/** Above this many instances to look at, the sweep pages through every instance instead of asking for them 5 ids a call. */
const BY_ID_MAX = 200;

/** The instances the ledger waits on, as ECM shows them now. */
async function describePending(inv: Invocation, ids: readonly string[]): Promise<Map<string, EcmInstance>> {
  const found = ids.length <= BY_ID_MAX ? (await inv.cloud.describeIds(ids)).found : await inv.cloud.describeAll({ by: 'all' });
  return new Map(found.map((i) => [i.instanceId, i]));
}

/**
 * ResetInstances only starts a reinstall. The ledger holds every reset not reported yet; this
 * sweep (run by a timer, so it fits SCF's time limit and survives cold starts) looks at them, and
 * once every instance of a request has finished or passed RESET_COMPLETION_TIMEOUT, publishes one
 * `reset.completed` and records it in the ledger (so the next sweep moves on).
 */
export async function trackCompletions(inv: Invocation, trigger: TriggerRef): Promise<TrackSummary> {
  const now = Math.floor(inv.clock.now() / 1000);
  const pending = pendingCompletions(await inv.ledger.read(inv));
  const instances = await describePending(inv, [...new Set([...pending.values()].flat().map((p) => p.instanceId))]);
  const summary: TrackSummary = { completed: [], stillRunning: 0, deferred: [], messages: [], published: true };
  for (const [resultId, members] of pending) {
    const results = members.map((m) => outcomeOf(m.instanceId, instances.get(m.instanceId), m.at, now, inv.config.completionTimeoutSeconds));
    if (results.some((r) => r === null)) {
      summary.stillRunning += results.filter((r) => r === null).length;
      continue;
    }
    if (inv.clock.now() + REPORT_BUDGET_MS > inv.deadline) {
      // It stays in the ledger: the next sweep reports it. Better late than cut off halfway by SCF.
      summary.deferred.push(resultId);
      continue;
    }
    const done = results as InstanceResult[];
    const failed = done.filter((r) => r.status !== 'succeeded');
    const message = buildMessage({
      type: 'reset.completed',
      id: resultId,
      time: new Date(inv.clock.now()),
      trigger,
      request: null,
      results: done,
      error: failed.length > 0 ? new AppError('Cloud.Failed', `${failed.length} of ${done.length} instances did not finish their reinstall`) : null,
      functionRequestId: inv.functionRequestId,
    });
    const r = await publishResult(inv.cloud, inv.config.topic, inv.log, message, inv.config.topicMaxBytes);
    summary.messages.push(message);
    if (!r.published) summary.published = false;
    // Recorded even after a dead letter: the message is in the log, and a retry would repeat it forever.
    try {
      await inv.ledger.append(inv, { kind: 'complete', at: now, rid: resultId, ids: members.map((m) => m.instanceId) });
    } catch (e) {
      // The next sweep reports this request again (same id): at least once, never lost.
      inv.log.error('completion.record-failed', { id: resultId, reason: e instanceof Error ? e.message : String(e) });
    }
    summary.completed.push(resultId);
  }
  inv.log.info('completion.sweep', { completed: summary.completed, stillRunning: summary.stillRunning, deferred: summary.deferred });
  return summary;
}
