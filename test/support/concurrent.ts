import type { ChildProcess } from 'node:child_process';
import type { ResultMessage } from '../../lib/function/result/result-message';
import { TERMINAL_TYPES } from '../../lib/function/result/result-message';
import { type DriverEvent, type DriverRun, runBundle } from '../../lib/tools/build/run-bundle';
import type { Emulator } from '../../lib/tools/emulator/index';
import type { StartedEmulator } from './emulator';
import { demoEnv } from './function';

/** A small seeded generator (mulberry32): the same seed gives the same delays, faults and orders. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: CONCURRENCY_SEED, else a fixed one; failures print it to replay the run. */
export const RUN_SEED = Number(process.env['CONCURRENCY_SEED'] ?? 20261204);

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface Copy {
  /** One event, as SCF delivers it to this copy. */
  event: DriverEvent;
  /** SCF context fields (request_id, time_limit_in_ms, …). */
  context?: Record<string, unknown>;
  /** Extra environment for this copy (the rest is the demo configuration against the emulator). */
  env?: Record<string, string>;
  /** Kill this copy (SIGKILL, as SCF does at its limit) this many ms after all were released. */
  killAfterMs?: number;
}

export interface CopyRun extends DriverRun {
  killed: boolean;
}

/**
 * Runs copies of the built function, one process each (as SCF runs them), against one emulator:
 * all load the bundle, then all are released at once. Resolves when every copy has ended.
 */
export async function runCopies(bundle: string, emu: StartedEmulator, copies: readonly Copy[], baseEnv: Record<string, string> = {}): Promise<CopyRun[]> {
  let readyCount = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const env = { ...demoEnv(emu), ...baseEnv };
  return Promise.all(
    copies.map(async (copy) => {
      let child: ChildProcess | undefined;
      let killed = false;
      const run = await runBundle(
        bundle,
        {
          events: [copy.event],
          stepped: true,
          timeLimitMs: Number(copy.context?.['time_limit_in_ms'] ?? 30_000),
          ...(copy.context ? { context: copy.context } : {}),
        },
        { ...env, ...copy.env },
        {
          onSpawn: (c) => {
            child = c;
          },
          beforeEach: async () => {
            readyCount += 1;
            if (readyCount === copies.length) release();
            await released;
            if (copy.killAfterMs !== undefined) {
              setTimeout(() => {
                killed = child?.kill('SIGKILL') ?? false;
              }, copy.killAfterMs);
            }
          },
        },
      );
      return { ...run, killed };
    }),
  );
}

/** What the invariants are read from: the emulator, never the function's own answers. */
export interface Observed {
  /** Resets the emulator started, per instance, with their emulator times. */
  starts: Map<string, number[]>;
  /** Terminal messages per result id: the distinct contents of each part. */
  outcomes: Map<string, ResultMessage[]>;
}

/** Counts the resets the emulator really starts (whatever answers were lost on the way back). */
export function watchStarts(emulator: Emulator): Map<string, number[]> {
  const starts = new Map<string, number[]>();
  const store = emulator.store.ecm;
  const original = store.startReset.bind(store);
  store.startReset = (instance, imageId, now, requestId) => {
    starts.set(instance.instanceId, [...(starts.get(instance.instanceId) ?? []), now]);
    original(instance, imageId, now, requestId);
  };
  return starts;
}

/** Terminal messages on the topic, by result id. */
export function outcomesOf(emulator: Emulator): Map<string, ResultMessage[]> {
  const byId = new Map<string, ResultMessage[]>();
  for (const m of emulator.messages) {
    const message = JSON.parse(m.content) as ResultMessage;
    if (!TERMINAL_TYPES.includes(message.type)) continue;
    byId.set(message.id, [...(byId.get(message.id) ?? []), message]);
  }
  return byId;
}

/** Guarantee 4: every id's terminal messages agree (they may repeat, part by part, never differ). */
export function disagreements(outcomes: Map<string, ResultMessage[]>): string[] {
  const bad: string[] = [];
  for (const [id, messages] of outcomes) {
    const types = new Set(messages.map((m) => m.type));
    const parts = new Map<number, Set<string>>();
    for (const m of messages) {
      const index = m.part?.index ?? 1;
      const comparable = JSON.stringify({ ...m, time: null, functionRequestId: null });
      parts.set(index, (parts.get(index) ?? new Set()).add(comparable));
    }
    if (types.size > 1 || [...parts.values()].some((p) => p.size > 1)) bad.push(`${id}: ${[...types].join(' / ')}`);
  }
  return bad;
}

/** Guarantee 1/2: the most resets any one instance got, and the most in any rolling hour overall. */
export function resetCounts(starts: Map<string, number[]>): { perInstanceMax: number; total: number; maxInAnyHour: number } {
  const all = [...starts.values()].flat().sort((a, b) => a - b);
  let maxInAnyHour = 0;
  for (let i = 0, j = 0; j < all.length; j += 1) {
    while ((all[j] as number) - (all[i] as number) >= 3_600_000) i += 1;
    maxInAnyHour = Math.max(maxInAnyHour, j - i + 1);
  }
  return { perInstanceMax: Math.max(0, ...[...starts.values()].map((s) => s.length)), total: all.length, maxInAnyHour };
}
