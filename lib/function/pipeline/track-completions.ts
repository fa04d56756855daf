import { readHistory, TAG_PENDING } from '../guardrails/reset-history';
import { AppError } from '../kernel/errors';
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

function outcomeOf(i: EcmInstance, startedAt: number, now: number, timeout: number): InstanceResult | null {
  const base = { instanceId: i.instanceId, apiRequestId: null };
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

/**
 * Time one finished request needs to be reported: a publish, then UnTagResources for every
 * ten instances at the rate limit (20 per 1.1 s, about 55 ms a call), with room for retries.
 */
const reportBudgetMs = (instances: number): number => 2000 + Math.ceil(instances / 10) * 60;

/**
 * ResetInstances only starts a reinstall. Every accepted instance carries an
 * `ecm-reset:pending` tag; this sweep (run by a timer, so it fits SCF's time limit and
 * survives cold starts) reads them, and once every instance of a request has finished or
 * passed RESET_COMPLETION_TIMEOUT, publishes one `reset.completed` and clears the tags.
 */
export async function trackCompletions(inv: Invocation, trigger: TriggerRef): Promise<TrackSummary> {
  const now = Math.floor(inv.clock.now() / 1000);
  const pending = await inv.cloud.describeAll({ by: 'tag-key', key: TAG_PENDING });
  const byRequest = new Map<string, { instance: EcmInstance; at: number }[]>();
  for (const instance of pending) {
    const p = readHistory(instance.tags).pending;
    if (!p) continue;
    byRequest.set(p.resultId, [...(byRequest.get(p.resultId) ?? []), { instance, at: p.at }]);
  }
  const summary: TrackSummary = { completed: [], stillRunning: 0, deferred: [], messages: [], published: true };
  for (const [resultId, members] of byRequest) {
    const results = members.map((m) => outcomeOf(m.instance, m.at, now, inv.config.completionTimeoutSeconds));
    if (results.some((r) => r === null)) {
      summary.stillRunning += results.filter((r) => r === null).length;
      continue;
    }
    if (inv.clock.now() + reportBudgetMs(members.length) > inv.deadline) {
      // Its tags stay: the next sweep reports it. Better late than cut off halfway by SCF.
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
    // Cleared even after a dead letter: the message is in the log, and a retry would repeat it forever.
    try {
      await inv.cloud.untagInstances(
        members.map((m) => m.instance.instanceId),
        [TAG_PENDING],
      );
    } catch (e) {
      // The next sweep reports this request again (same id): at least once, never lost.
      inv.log.error('completion.untag-failed', { id: resultId, reason: e instanceof Error ? e.message : String(e) });
    }
    summary.completed.push(resultId);
  }
  inv.log.info('completion.sweep', { completed: summary.completed, stillRunning: summary.stillRunning, deferred: summary.deferred });
  return summary;
}
