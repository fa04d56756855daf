/**
 * What the guardrails hold about each instance, for the console: read from the ledger's objects in
 * the emulator's bucket (in process: no API call shows up in the calls panel) and folded by the
 * function's own ledger code (ledger.ts, ledger-state.ts), so the console shows what the function
 * will decide on: cooldown until …, escalated since …, reset pending completion.
 */
import { systemClock } from '../../../function/kernel/clock';
import { createLogger } from '../../../function/kernel/logger';
import { createLedger } from '../../../function/ledger/ledger';
import { instanceHistory } from '../../../function/ledger/ledger-state';
import type { CloudCalls } from '../../../function/ports/cloud-calls';
import type { Emulator } from '../../emulator/index';

export interface GuardrailView {
  /** ISO-8601: the instance may not be reset again before then (RESET_COOLDOWN after its last reset). */
  cooldownUntil: string | null;
  /** ISO-8601: left for a human since then; no reset until someone releases it. */
  escalatedSince: string | null;
  /** ISO-8601 start of a reset the completion sweep has not reported yet. */
  pendingSince: string | null;
}

export interface LedgerLocation {
  bucket: string;
  prefix: string;
  cooldownSeconds: number;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Reads the ledger of `where` in `emulator` and says, per instance id, what holds it back. */
export async function guardrailViews(emulator: Emulator, where: LedgerLocation, ids: readonly string[]): Promise<Record<string, GuardrailView>> {
  const bucket = emulator.store.cos.buckets.get(where.bucket);
  const read = async (key: string): Promise<string | null> => bucket?.objects.get(`${where.prefix}${key}`)?.body.toString('utf8') ?? null;
  const cloud = { ledgerRead: read } as unknown as CloudCalls;
  // A fresh ledger each time: after a reset of the emulator, a cached one would still hold the old state.
  const state = await createLedger().read({ cloud, clock: systemClock, log: createLogger(() => undefined), deadline: Date.now() + 5000 });
  const now = Math.floor(Date.now() / 1000);
  const views: Record<string, GuardrailView> = {};
  for (const id of ids) {
    const history = instanceHistory(state, id, now);
    const until = history.last === null ? null : history.last.at + where.cooldownSeconds;
    const pending = (state.instances[id]?.resets ?? []).filter((r) => r.done !== true).at(-1);
    views[id] = {
      cooldownUntil: until !== null && until > now ? iso(until) : null,
      escalatedSince: history.escalatedAt === null ? null : iso(history.escalatedAt),
      pendingSince: pending === undefined ? null : iso(pending.at),
    };
  }
  return views;
}
