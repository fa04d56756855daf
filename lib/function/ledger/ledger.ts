/**
 * The guardrail ledger: what the cooldown, the hourly budget, escalation and the duplicate check
 * read next time, kept where it survives cold starts and is shared by every copy of the function.
 * Named operations: `reserve` before ResetInstances, `settle` after it (confirm the rest of a
 * fleet, release what ECM certainly did not start, record refused attempts and escalations).
 */

import {
  appendAttemptId,
  appendEntry,
  hourOf,
  readHistory,
  stamp,
  TAG_ATTEMPTS,
  TAG_ESCALATED,
  TAG_HISTORY,
  TAG_HOUR,
  TAG_LAST,
  TAG_PENDING,
} from '../guardrails/reset-history';
import { RESERVED_KEYS } from '../guardrails/state-capacity';
import type { EcmInstance } from '../ports/cloud-ports';
import type { LedgerContext } from './ledger-context';
import { reasonOf, type WriteFailures, writeTags } from './write-tags';

/** Late marks that failed are written again this many times, this far apart, while time allows. */
const MARK_RETRY_ROUNDS = 3;
const MARK_RETRY_PAUSE_MS = 1000;

/** Instances marked before any ResetInstances call: one TagResources call's worth. */
export const MARKED_FIRST = 10;

const marksFor = (i: EcmInstance, resultId: string, now: number): Record<string, string> => {
  const history = readHistory(i.tags);
  return {
    [TAG_LAST]: stamp(now, resultId),
    [TAG_PENDING]: stamp(now, resultId),
    [TAG_HISTORY]: appendEntry(history.entries, { at: now, kind: 'reset' }),
    [TAG_HOUR]: hourOf(now),
    // Remembered beyond the next reset: a redelivery after another request's reset is still a duplicate.
    [TAG_ATTEMPTS]: appendAttemptId(history.attemptIds, resultId),
  };
};

export interface Reservation {
  /** Instances that must not be reset, with why. */
  failures: WriteFailures;
  /** Instances to mark right after their reset is accepted (see reserveResets). */
  late: readonly EcmInstance[];
}

/**
 * Before ResetInstances: marks instances as reset by this request (last reset, history, clock
 * hour, pending completion): what the cooldown, the hourly budget, escalation and the duplicate
 * check read next time. The guardrails fail closed (an instance that cannot take the tags, at
 * its 50-tag quota, was refused before: guardrails/state-capacity.ts):
 * - the first MARKED_FIRST instances (every instance of an alarm or a ChatOps request) are marked
 *   before any reset, and one whose mark cannot be written is not reset; when none of them can be
 *   marked (a role without tag:TagResources, a Tag API that keeps failing) nothing is reset;
 * - the rest of a fleet is marked right after its reset is accepted, so 2,000 instances are not
 *   held up by 200 tag calls (the Tag API takes 10 resources a call, 20 calls a second), once the
 *   first mark has shown that the tags can be written.
 */
export async function reserve(inv: LedgerContext, c: { resultId: string; now: number; instances: readonly EcmInstance[] }): Promise<Reservation> {
  const failures: WriteFailures = new Map();
  const first = c.instances.slice(0, MARKED_FIRST);
  let late = c.instances.slice(MARKED_FIRST);
  const written = await writeTags(inv, new Map(first.map((i) => [i.instanceId, marksFor(i, c.resultId, c.now)])));
  for (const [id, why] of written) failures.set(id, why);
  if (first.length > 0 && written.size === first.length) {
    const why = [...written.values()][0] ?? 'unknown';
    for (const i of late) failures.set(i.instanceId, why);
    late = [];
  }
  if (failures.size > 0) {
    inv.log.error('guard.state.reserve-failed', { resultId: c.resultId, instanceIds: [...failures.keys()], reason: [...failures.values()][0] ?? 'unknown' });
  }
  return { failures, late };
}

export interface StateAfterReset {
  resultId: string;
  /** Unix seconds. */
  now: number;
  /** Reserved, but ResetInstances certainly did not start them: their previous tags come back. */
  release: readonly EcmInstance[];
  /** Reset, and to be marked now (a fleet's instances after the first MARKED_FIRST). */
  marks?: readonly EcmInstance[];
  attempts: readonly EcmInstance[];
  escalated: readonly EcmInstance[];
  /** Left alone for a human: only the request id is remembered, so a redelivery is a duplicate. */
  seen?: readonly EcmInstance[];
}

/**
 * After ResetInstances: marks the rest of a fleet, gives back the reservation of instances ECM
 * refused (so a corrected request is not held by a cooldown for a reset that never ran) and
 * records refused attempts and escalations. A failure here is logged: a reservation that stays
 * only errs on the safe side; a fleet mark that could not be written is reported per instance.
 * @returns the instances whose tags could not be written, with why
 */
export async function settle(inv: LedgerContext, c: StateAfterReset): Promise<WriteFailures> {
  const planned = new Map<string, Record<string, string>>();
  const add = (i: EcmInstance, tags: Record<string, string>) => planned.set(i.instanceId, { ...(planned.get(i.instanceId) ?? {}), ...tags });
  const removals = new Map<string, { ids: string[]; keys: string[] }>();
  for (const i of c.release) {
    const restore: Record<string, string> = {};
    const remove: string[] = [];
    for (const key of RESERVED_KEYS) {
      const before = i.tags[key];
      if (before === undefined) remove.push(key);
      else restore[key] = before;
    }
    if (Object.keys(restore).length > 0) add(i, restore);
    if (remove.length > 0) {
      const group = removals.get(remove.join(',')) ?? { ids: [], keys: remove };
      group.ids.push(i.instanceId);
      removals.set(remove.join(','), group);
    }
  }
  for (const i of c.attempts) {
    const history = readHistory(i.tags);
    add(i, {
      [TAG_HISTORY]: appendEntry(history.entries, { at: c.now, kind: 'attempt' }),
      [TAG_ATTEMPTS]: appendAttemptId(history.attemptIds, c.resultId),
    });
  }
  for (const i of c.escalated) add(i, { [TAG_ESCALATED]: String(c.now) });
  for (const i of c.seen ?? []) add(i, { [TAG_ATTEMPTS]: appendAttemptId(readHistory(i.tags).attemptIds, c.resultId) });
  for (const i of c.marks ?? []) add(i, marksFor(i, c.resultId, c.now));
  if (planned.size === 0 && removals.size === 0) return new Map();
  const [firstTry, untagged] = await Promise.all([
    writeTags(inv, planned),
    Promise.allSettled([...removals.values()].map((g) => inv.cloud.untagInstances(g.ids, g.keys))),
  ]);
  // These marks are what keeps a reset instance from being reset again: after the call's own
  // retries, try again while the invocation has time (a Tag API outage may be brief).
  let failures = firstTry;
  for (
    let round = 0;
    failures.size > 0 && round < MARK_RETRY_ROUNDS && inv.clock.now() + MARK_RETRY_PAUSE_MS < inv.deadline - MARK_RETRY_PAUSE_MS;
    round += 1
  ) {
    await inv.clock.sleep(MARK_RETRY_PAUSE_MS);
    failures = await writeTags(inv, new Map([...planned].filter(([id]) => failures.has(id))));
  }
  const untagFailed = untagged.filter((o) => o.status === 'rejected');
  if (failures.size > 0 || untagFailed.length > 0) {
    const first = untagFailed[0];
    inv.log.error('guard.state.write-failed', {
      resultId: c.resultId,
      instanceIds: [...failures.keys()],
      failedUntagCalls: untagFailed.length,
      reason: [...failures.values()][0] ?? (first?.status === 'rejected' ? reasonOf(first.reason) : 'unknown'),
    });
  }
  return failures;
}
