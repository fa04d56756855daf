import { type Decision, refuse } from '../guardrails/decision';
import { capacityRefusals, stateRefusal } from '../guardrails/state-capacity';
import * as ledger from '../ledger/ledger';
import type { EcmInstance } from '../ports/cloud-ports';
import { without } from './decide';
import type { Invocation } from './invocation';

export interface Reserved {
  /** Instances the ledger holds for this request: these may be reset. */
  toReset: EcmInstance[];
  /** Instances refused because their state could not be written. */
  refused: Decision[];
  /** Reserved instances whose mark is written right after their reset (the rest of a fleet). */
  late: ReadonlySet<string>;
}

/**
 * Step 5: the ledger takes hold of the instances before ResetInstances, so a retried alarm or a
 * redelivered record that arrives meanwhile finds them taken, and an instance whose state cannot
 * be written is not reset at all (fail closed).
 */
export async function reserveInstances(inv: Invocation, resultId: string, now: number, instances: readonly EcmInstance[]): Promise<Reserved> {
  if (instances.length === 0) return { toReset: [], refused: [], late: new Set() };
  const full = capacityRefusals(instances);
  const fit = without(instances, full);
  const reservation = await ledger.reserve(inv, { resultId, now, instances: fit });
  const failed = [...reservation.failures].map(([id, why]) => refuse(id, 'State.Unavailable', stateRefusal(why)));
  return { toReset: without(fit, failed), refused: [...full, ...failed], late: new Set(reservation.late.map((i) => i.instanceId)) };
}
