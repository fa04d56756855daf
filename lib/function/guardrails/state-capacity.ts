import type { EcmInstance } from '../ports/cloud-ports';
import { type Decision, refuse } from './decision';
import { TAG_ATTEMPTS, TAG_HISTORY, TAG_HOUR, TAG_LAST, TAG_PENDING } from './reset-history';

/** The tags a reset writes before ResetInstances is sent (and takes back if it was refused). */
export const RESERVED_KEYS = [TAG_LAST, TAG_PENDING, TAG_HISTORY, TAG_HOUR, TAG_ATTEMPTS] as const;

/** An instance takes at most 50 tags (Tag API); the state needs up to six of its own. */
export const TAG_QUOTA = 50;

/**
 * Instances that cannot take the guardrail state's tags (already at their 50-tag quota): not
 * reset, since without the state the cooldown, budget and duplicate checks could not hold.
 */
export function capacityRefusals(instances: readonly EcmInstance[]): Decision[] {
  return instances.flatMap((i) => {
    const count = Object.keys(i.tags).length;
    const added = RESERVED_KEYS.filter((k) => i.tags[k] === undefined).length;
    if (count + added <= TAG_QUOTA) return [];
    const why = `LimitExceeded.ResourceAttachedTags: the instance has ${count} tags and the guardrail state needs ${added} more; an instance takes at most ${TAG_QUOTA}`;
    return [refuse(i.instanceId, 'State.Unavailable', stateRefusal(why))];
  });
}

/** The message of an instance refused because its guardrail state could not be written. */
export const stateRefusal = (reason: string): string =>
  `not reset: its guardrail state (instance tags) could not be written (${reason}); without it the cooldown, hourly budget, escalation and duplicate checks could not hold`;
