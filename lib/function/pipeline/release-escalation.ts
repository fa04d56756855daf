import { TAG_ESCALATED, unmirrorEscalations } from '../ledger/mirror-tags';
import type { TriggerRef } from '../request/intent';
import type { ReleaseRequest } from '../request/release-request';
import { buildMessage } from '../result/build-message';
import { publishResult } from '../result/publish-result';
import type { InstanceResult, RequestSummary, ResultMessage } from '../result/result-message';
import { type Invocation, scoped } from './invocation';
import { resultIdFor } from './result-id';

export interface ReleaseInput {
  request: ReleaseRequest;
  /** Who released, as the ledger keeps it: the caller's words beside the source that was authenticated. */
  by: string;
  trigger: TriggerRef;
  /** The request's identity (its signature): the result id follows from it. */
  identity: string;
}

export interface ReleaseOutcome {
  id: string;
  /** Instances that were escalated and are released now, in the order asked. */
  released: string[];
  /** Instances that were not escalated: nothing changed for them. */
  notEscalated: string[];
  /** false when the `ecm-reset:escalated` tag may still be on a released instance (the ledger is right regardless). */
  mirrored: boolean;
  message: ResultMessage;
  /** false when the message could only be written to the log as a dead letter. */
  published: boolean;
}

/**
 * A human lets escalated instances be reset again: one `unescalate` entry in the ledger for those
 * of the ids that are escalated on its latest state (decided again if another writer got there
 * first, so a concurrent reset or release is never lost), then the escalation tag off them (best
 * effort: the tag only mirrors the ledger) and one `reset.released` message. A ledger that cannot
 * be read or written throws `State.Unavailable` before anything is published.
 */
export async function releaseEscalation(invocation: Invocation, input: ReleaseInput): Promise<ReleaseOutcome> {
  const id = resultIdFor(input.identity);
  const inv = scoped(invocation, { resultId: id, trigger: input.trigger });
  const { instanceIds, reason } = input.request;
  const now = Math.floor(inv.clock.now() / 1000);

  const released = await inv.ledger.commit(inv, (state) => {
    const escalated = instanceIds.filter((i) => (state.instances[i]?.escalatedAt ?? null) !== null);
    return { entry: escalated.length === 0 ? null : { kind: 'unescalate', at: now, by: input.by, ids: escalated }, result: escalated };
  });
  const notEscalated = instanceIds.filter((i) => !released.includes(i));
  inv.log.info('reset.released', { by: input.by, reason, released, notEscalated });

  const mirrored = await unmirrorEscalations(inv, released);
  const stale = mirrored ? '' : `; the ${TAG_ESCALATED} tag could not be removed (it only mirrors the ledger)`;
  const results: InstanceResult[] = instanceIds.map((instanceId) =>
    released.includes(instanceId)
      ? { instanceId, status: 'released', code: 'Released', message: `released by ${input.by}: it may be reset again${stale}`, apiRequestId: null }
      : { instanceId, status: 'not-escalated', code: 'NotEscalated', message: 'it was not left for a human: nothing changed', apiRequestId: null },
  );
  const message = buildMessage({
    type: 'reset.released',
    id,
    time: new Date(inv.clock.now()),
    trigger: input.trigger,
    request: releaseSummary(input.request, input.by),
    results,
    error: null,
    functionRequestId: inv.functionRequestId,
  });
  const sent = await publishResult(inv.cloud, inv.config.topic, inv.log, message, inv.config.topicMaxBytes);
  return { id, released, notEscalated, mirrored, message, published: sent.published };
}

/** The release as a result message shows a request: the ids, the reason, who; the reset-only fields at their defaults. */
function releaseSummary(request: ReleaseRequest, by: string): RequestSummary {
  return {
    instanceIds: [...request.instanceIds],
    selector: null,
    imageId: null,
    keepData: true,
    keepImageLogin: false,
    reason: request.reason,
    requestedBy: by,
    dryRun: false,
  };
}
