import { expect } from 'vitest';
import { DEAD_LETTER_EVENT } from '../../lib/function/result/publish-result';
import { type ResultMessage, TERMINAL_TYPES } from '../../lib/function/result/result-message';
import type { FaultInput } from '../../lib/tools/emulator/index';
import type { FunctionUnderTest } from './function';

/** The demo seed's root password (ecm-reset/root-password SSM_Current). */
export const PASSWORD = 'Demo-Reset#2024x';

/**
 * Counts resets the emulator really started, per instance: what "reset at most once" means,
 * whatever the call log says about answers that were lost on the way back.
 */
export function countResetStarts(fut: FunctionUnderTest): Map<string, number> {
  const store = fut.emu.emulator.store;
  const counts = new Map<string, number>();
  const original = store.ecm.startReset.bind(store.ecm);
  store.ecm.startReset = (instance, imageId, now, requestId) => {
    counts.set(instance.instanceId, (counts.get(instance.instanceId) ?? 0) + 1);
    original(instance, imageId, now, requestId);
  };
  return counts;
}

/** Dead-letter log lines, parsed. */
export function deadLetters(fut: FunctionUnderTest): { id: string; message: ResultMessage; publishedParts: number }[] {
  return fut.logs
    .filter((l) => l.includes(`"event":"${DEAD_LETTER_EVENT}"`))
    .map((l) => JSON.parse(l) as { id: string; message: ResultMessage; publishedParts: number });
}

/** The invocation's answer, or the error it threw. */
export async function settle(p: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

export interface RequestEnd {
  /** The one terminal outcome: from the topic, or from the dead letter. */
  type: string;
  /** Results of every part, once. */
  results: ResultMessage['results'];
  deadLettered: boolean;
}

/**
 * The invariant every request keeps, faults or not: it ends in exactly one terminal message
 * (its parts, each complete) or one dead-letter line. A publish whose answer was lost may have
 * reached the topic as well, and more than once: such copies are byte-identical, so a consumer
 * that keys on id + part sees one message.
 */
export function expectOneEnd(fut: FunctionUnderTest, id: string): RequestEnd {
  const copies = fut.emu.emulator.messages.map((m) => m.content).filter((c) => (JSON.parse(c) as ResultMessage).id === id);
  const terminal = [...new Set(copies)].map((c) => JSON.parse(c) as ResultMessage).filter((m) => TERMINAL_TYPES.includes(m.type));
  const dead = deadLetters(fut).filter((d) => d.id === id && TERMINAL_TYPES.includes(d.message.type));
  expect(dead.length, 'dead-letter lines').toBeLessThanOrEqual(1);
  const types = new Set([...terminal.map((m) => m.type), ...dead.map((d) => d.message.type)]);
  expect([...types], 'one terminal outcome').toHaveLength(1);
  const byPart = new Map<number, ResultMessage[]>();
  for (const m of terminal) byPart.set(m.part?.index ?? 1, [...(byPart.get(m.part?.index ?? 1) ?? []), m]);
  for (const [index, same] of byPart) expect(same, `part ${index} has one content`).toHaveLength(1);
  const deadMessage = dead[0]?.message;
  if (deadMessage) {
    // The dead letter holds the whole message; whatever reached the topic is part of it.
    for (const m of terminal) expect(deadMessage.results).toEqual(expect.arrayContaining(m.results));
    return { type: deadMessage.type, results: deadMessage.results, deadLettered: true };
  }
  const of = terminal[0]?.part?.of ?? 1;
  expect(byPart.size, 'every part published').toBe(of);
  return { type: [...types][0] as string, results: [...byPart.values()].flatMap((m) => m.flatMap((x) => x.results)), deadLettered: false };
}

/** No password in the answer, the logs, the messages or the calls the emulator saw. */
export function expectNoPassword(fut: FunctionUnderTest, ...extra: unknown[]): void {
  const everything = JSON.stringify([
    extra.map((x) => (x instanceof Error ? `${x.message} ${x.stack ?? ''}` : x)),
    fut.logs,
    fut.emu.emulator.messages,
    fut.emu.emulator.calls,
  ]);
  expect(everything).not.toContain(PASSWORD);
}

/** The faults of the matrix: what the issue calls throttle, 5xx, delay past the client timeout, dropped connection. */
export const FAULT_KINDS: Record<string, Omit<FaultInput, 'action'>> = {
  throttle: { code: 'RequestLimitExceeded' },
  '5xx': { httpStatus: 503 },
  'delay past the client timeout': { delayMs: 1500 },
  'dropped connection': { dropConnection: true },
};

/** RESET_API_TIMEOUT=1 makes a 1500 ms delay a client timeout. */
export const FAULT_ENV = { RESET_API_TIMEOUT: '1' } as const;
