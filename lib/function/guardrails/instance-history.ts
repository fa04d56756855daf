/** What the guardrails read about one instance (the ledger keeps it: lib/function/ledger/). */
export interface InstanceHistory {
  /** The latest reset this function started (unix seconds, request id). */
  last: { at: number; rid: string } | null;
  /** Resets and refused attempts of the last 24 h (since a human's release), oldest first. */
  lastDay: { at: number; kind: 'reset' | 'attempt' }[];
  /** When the instance was left for a human; it stays left until a human releases it. */
  escalatedAt: number | null;
  /** Requests that reset or tried this instance and are still remembered: a redelivery of one is a duplicate. */
  handledBy: ReadonlySet<string>;
}

export const NO_HISTORY: InstanceHistory = { last: null, lastDay: [], escalatedAt: null, handledBy: new Set() };
