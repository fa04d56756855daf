/**
 * The guardrail ledger's state: the fold of its entries, pure. What the cooldown, the hourly
 * budget, escalation, in-flight requests and the completion sweep read.
 */
import { type InstanceHistory, NO_HISTORY } from '../guardrails/instance-history';
import type { LedgerEntry } from './ledger-entry';
import type { InstanceLedger, LedgerState } from './ledger-state-schema';

export type { InstanceLedger, LedgerState } from './ledger-state-schema';

export const HOUR_SECONDS = 3600;
export const DAY_SECONDS = 86_400;
/** Resets are remembered this long: RESET_COOLDOWN may be up to 30 days. */
export const RESET_RETENTION_SECONDS = 31 * DAY_SECONDS;
/** An open request is remembered this long after its deadline (for takeover and duplicates). */
const REQUEST_RETENTION_SECONDS = DAY_SECONDS;

export const emptyLedger = (): LedgerState => ({ seq: 0, instances: {}, requests: {} });

const blank = (): InstanceLedger => ({ resets: [], attempts: [], escalatedAt: null, releasedAt: null });

/** The state after one more entry; the state given is left as it was. */
export function applyEntry(state: LedgerState, e: LedgerEntry): LedgerState {
  const instances = { ...state.instances };
  const requests = { ...state.requests };
  const change = (id: string, f: (i: InstanceLedger) => InstanceLedger) => {
    instances[id] = f(instances[id] ?? blank());
  };
  switch (e.kind) {
    case 'decide':
      for (const id of e.reset) change(id, (i) => ({ ...i, resets: [...i.resets, { at: e.at, rid: e.rid }] }));
      for (const id of e.attempt) change(id, (i) => ({ ...i, attempts: [...i.attempts, { at: e.at, rid: e.rid }] }));
      for (const id of e.escalate) change(id, (i) => ({ ...i, escalatedAt: e.at }));
      requests[e.rid] = { at: e.at, exp: e.exp, ids: [...e.reset], skipped: { ...e.skipped } };
      break;
    case 'release':
      for (const id of e.ids) change(id, (i) => ({ ...i, resets: i.resets.filter((r) => r.rid !== e.rid) }));
      break;
    case 'complete':
      for (const id of e.ids) change(id, (i) => ({ ...i, resets: i.resets.map((r) => (r.rid === e.rid ? { ...r, done: true } : r)) }));
      break;
    case 'unescalate':
      for (const id of e.ids) change(id, (i) => ({ ...i, escalatedAt: null, releasedAt: e.at }));
      break;
  }
  return { seq: e.seq, instances, requests };
}

/**
 * Drops what no guardrail reads any more at `now`: resets older than the longest cooldown (31
 * days), attempts older than a day, requests a day past their deadline. Escalations stay until a
 * human releases them. Deterministic, so the checkpoint an entry carries is the same for everyone.
 */
export function pruneLedger(state: LedgerState, now: number): LedgerState {
  const instances: Record<string, InstanceLedger> = {};
  for (const [id, i] of Object.entries(state.instances)) {
    const kept: InstanceLedger = {
      resets: i.resets.filter((r) => r.at > now - RESET_RETENTION_SECONDS),
      attempts: i.attempts.filter((a) => a.at > now - DAY_SECONDS),
      escalatedAt: i.escalatedAt,
      releasedAt: i.releasedAt !== null && i.releasedAt > now - DAY_SECONDS ? i.releasedAt : null,
    };
    if (kept.resets.length > 0 || kept.attempts.length > 0 || kept.escalatedAt !== null || kept.releasedAt !== null) instances[id] = kept;
  }
  const requests = Object.fromEntries(Object.entries(state.requests).filter(([, r]) => r.exp > now - REQUEST_RETENTION_SECONDS));
  return { seq: state.seq, instances, requests };
}

/** Resets started in the hour before `now`, all instances together (RESET_MAX_PER_HOUR). */
export function resetsInLastHour(state: LedgerState, now: number): number {
  let n = 0;
  for (const i of Object.values(state.instances)) for (const r of i.resets) if (r.at > now - HOUR_SECONDS && r.at <= now + 300) n += 1;
  return n;
}

export function instanceHistory(state: LedgerState, instanceId: string, now: number): InstanceHistory {
  const i = state.instances[instanceId];
  if (i === undefined) return NO_HISTORY;
  const since = Math.max(now - DAY_SECONDS, i.releasedAt ?? -Infinity);
  const inDay = (at: number) => at > since && at <= now + 300;
  const lastDay = [
    ...i.resets.filter((r) => inDay(r.at)).map((r) => ({ at: r.at, kind: 'reset' as const })),
    ...i.attempts.filter((a) => inDay(a.at)).map((a) => ({ at: a.at, kind: 'attempt' as const })),
  ].sort((a, b) => a.at - b.at);
  const last = i.resets.at(-1);
  return {
    last: last === undefined ? null : { at: last.at, rid: last.rid },
    lastDay,
    escalatedAt: i.escalatedAt,
    handledBy: new Set([...i.resets.map((r) => r.rid), ...i.attempts.map((a) => a.rid)]),
  };
}

/** Resets not reported complete yet, grouped by request: what the completion sweep looks at. */
export function pendingCompletions(state: LedgerState): Map<string, { instanceId: string; at: number }[]> {
  const byRequest = new Map<string, { instanceId: string; at: number }[]>();
  for (const [instanceId, i] of Object.entries(state.instances)) {
    for (const r of i.resets) {
      if (r.done === true) continue;
      byRequest.set(r.rid, [...(byRequest.get(r.rid) ?? []), { instanceId, at: r.at }]);
    }
  }
  return byRequest;
}
