import type { EcmInstance } from '../ports/cloud-ports';
import type { Invocation } from '../pipeline/invocation';
import { CloudCallError } from '../tencent/cloud-error';
import { appendAttemptId, appendEntry, hourOf, readHistory, stamp, TAG_ATTEMPTS, TAG_ESCALATED, TAG_HISTORY, TAG_HOUR, TAG_LAST, TAG_PENDING } from '../guardrails/reset-history';

/** The tags a reset writes before ResetInstances is sent (and takes back if it was refused). */
export const RESERVED_KEYS = [TAG_LAST, TAG_PENDING, TAG_HISTORY, TAG_HOUR, TAG_ATTEMPTS] as const;

/** Why a group of instances could not be written, by instance id. */
export type WriteFailures = Map<string, string>;

const reasonOf = (e: unknown): string =>
  e instanceof CloudCallError ? `${e.tencentCode ?? e.resultCode}: ${e.message}` : e instanceof Error ? e.message : 'unknown';

/** Writes tags per instance; instances with equal tags share TagResources calls. */
async function writeTags(inv: Invocation, planned: ReadonlyMap<string, Record<string, string>>): Promise<WriteFailures> {
  const groups = new Map<string, { ids: string[]; tags: Record<string, string> }>();
  for (const [id, tags] of planned) {
    const key = JSON.stringify(Object.entries(tags).sort());
    const g = groups.get(key) ?? { ids: [], tags };
    g.ids.push(id);
    groups.set(key, g);
  }
  const failures: WriteFailures = new Map();
  await Promise.all(
    [...groups.values()].map(async (g) => {
      try {
        await inv.cloud.tagInstances(g.ids, g.tags);
      } catch (e) {
        // One instance at its tag quota fails the whole call: write the group's instances one
        // by one so that only the instances that cannot take the tags are reported (tags are
        // idempotent, so writing again what did stick is harmless).
        if (g.ids.length === 1) {
          failures.set(g.ids[0] as string, reasonOf(e));
          return;
        }
        await Promise.all(
          g.ids.map(async (id) => {
            try {
              await inv.cloud.tagInstances([id], g.tags);
            } catch (alone) {
              failures.set(id, reasonOf(alone));
            }
          }),
        );
      }
    }),
  );
  return failures;
}

/** An instance takes at most 50 tags (Tag API); the state needs up to six of its own. */
export const TAG_QUOTA = 50;

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

/** Why the instance cannot take the state's tags, or null when it can. */
function quotaProblem(i: EcmInstance): string | null {
  const count = Object.keys(i.tags).length;
  const added = RESERVED_KEYS.filter((k) => i.tags[k] === undefined).length;
  if (count + added <= TAG_QUOTA) return null;
  return `LimitExceeded.ResourceAttachedTags: the instance has ${count} tags and the guardrail state needs ${added} more; an instance takes at most ${TAG_QUOTA}`;
}

export interface Reservation {
  /** Instances that must not be reset, with why. */
  failures: WriteFailures;
  /** Instances to mark right after their reset is accepted (see reserveResets). */
  late: EcmInstance[];
}

/**
 * Before ResetInstances: marks instances as reset by this request (last reset, history, clock
 * hour, pending completion): what the cooldown, the hourly budget, escalation and the duplicate
 * check read next time. The guardrails fail closed:
 * - an instance that cannot take the tags (already at its 50-tag quota) is not reset;
 * - the first MARKED_FIRST instances (every instance of an alarm or a ChatOps request) are marked
 *   before any reset, and one whose mark cannot be written is not reset; when none of them can be
 *   marked (a role without tag:TagResources, a Tag API that keeps failing) nothing is reset;
 * - the rest of a fleet is marked right after its reset is accepted, so 2,000 instances are not
 *   held up by 200 tag calls (the Tag API takes 10 resources a call, 20 calls a second), once the
 *   first mark has shown that the tags can be written.
 */
export async function reserveResets(inv: Invocation, c: { resultId: string; now: number; instances: readonly EcmInstance[] }): Promise<Reservation> {
  const failures: WriteFailures = new Map();
  const fit: EcmInstance[] = [];
  for (const i of c.instances) {
    const problem = quotaProblem(i);
    if (problem === null) fit.push(i);
    else failures.set(i.instanceId, problem);
  }
  const first = fit.slice(0, MARKED_FIRST);
  let late = fit.slice(MARKED_FIRST);
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
export async function recordAfterReset(inv: Invocation, c: StateAfterReset): Promise<WriteFailures> {
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
  for (let round = 0; failures.size > 0 && round < MARK_RETRY_ROUNDS && inv.clock.now() + MARK_RETRY_PAUSE_MS < inv.deadline - MARK_RETRY_PAUSE_MS; round += 1) {
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
