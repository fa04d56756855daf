import type { EcmImage, EcmInstance } from '../ports/cloud-ports';
import type { ResetRequest } from '../request/reset-request';
import type { Invocation } from './invocation';

/** What the guardrails decide on, read fresh: the instances as ECM shows them now. */
export interface Targets {
  /** Instances found for the request's targets, in request order. */
  found: EcmInstance[];
  /** Requested ids that DescribeInstances did not find. */
  missing: string[];
  /** The ids the request names, or the selector's matches. */
  requestedIds: string[];
  /** The image the request names (its OS and architecture), null when it names none. */
  image: EcmImage | null;
}

/**
 * Step 2: the targets and the image side by side. A new image brings its own OS (whose password
 * rules apply) and architecture (a 32-bit image cannot go on 4 GB or more).
 */
export async function loadTargets(inv: Invocation, request: ResetRequest): Promise<Targets> {
  const [targets, image] = await Promise.all([
    request.target.kind === 'ids'
      ? inv.cloud.describeIds(request.target.instanceIds)
      : inv.cloud.describeAll({ by: 'tag', selector: request.target.selector }).then((found) => ({ found, missing: [] as string[] })),
    request.imageId !== null ? inv.cloud.describeImage(request.imageId) : Promise.resolve(null),
  ]);
  return {
    found: targets.found,
    missing: targets.missing,
    requestedIds: request.target.kind === 'ids' ? request.target.instanceIds : targets.found.map((i) => i.instanceId),
    image,
  };
}
