import { HOUR_SECONDS, readHistory, recentHours, TAG_HOUR, within } from '../guardrails/reset-history';
import type { EcmImage, EcmInstance } from '../ports/cloud-ports';
import type { ResetRequest } from '../request/reset-request';
import type { Invocation } from './invocation';

/** What the guardrails decide on, read fresh: state lives in the instances, not in the function. */
export interface Targets {
  /** Instances found for the request's targets, in request order. */
  found: EcmInstance[];
  /** Requested ids that DescribeInstances did not find. */
  missing: string[];
  /** The ids the request names, or the selector's matches. */
  requestedIds: string[];
  /** The image the request names (its OS and architecture), null when it names none. */
  image: EcmImage | null;
  /** Resets started in the last hour, all callers together, as this invocation counts them. */
  resetsLastHour: number;
  /** The same as the Tag API shows it, before this invocation's own resets are added. */
  tagged: number;
}

/**
 * Step 2: the targets, the image and the hourly count side by side. Only instances reset this
 * clock hour or the last carry a reset from the past 3600 s; the Tag API answers that, so a
 * fleet's DescribeInstances pages keep the whole ECM rate window. A new image brings its own OS
 * (whose password rules apply) and architecture.
 */
export async function loadTargets(inv: Invocation, request: ResetRequest, now: number): Promise<Targets> {
  const [targets, recent, image] = await Promise.all([
    request.target.kind === 'ids'
      ? inv.cloud.describeIds(request.target.instanceIds)
      : inv.cloud.describeAll({ by: 'tag', selector: request.target.selector }).then((found) => ({ found, missing: [] as string[] })),
    inv.cloud.taggedInstances(TAG_HOUR, recentHours(now)),
    request.imageId !== null ? inv.cloud.describeImage(request.imageId) : Promise.resolve(null),
  ]);
  const tagged = recent.reduce((n, i) => n + within(readHistory(i.tags).entries, now, HOUR_SECONDS).filter((e) => e.kind === 'reset').length, 0);
  // Earlier records of this invocation count even if the Tag API does not show them yet.
  const { tally } = inv;
  const resetsLastHour = tally.hourBaseline === null ? tagged : Math.max(tagged, tally.hourBaseline + tally.resets);
  return {
    found: targets.found,
    missing: targets.missing,
    requestedIds: request.target.kind === 'ids' ? request.target.instanceIds : targets.found.map((i) => i.instanceId),
    image,
    resetsLastHour,
    tagged,
  };
}
