/** The shape of the ledger's state (what a checkpoint stores); the fold is ledger-state.ts. */
import * as v from 'valibot';

const Stamp = v.object({ at: v.number(), rid: v.string() });

const InstanceLedgerSchema = v.object({
  /** Resets this function started (reservations not given back), oldest first. */
  resets: v.array(v.object({ at: v.number(), rid: v.string(), done: v.optional(v.boolean()) })),
  /** Requests the guardrails refused (cooldown, in progress): they count toward escalation. */
  attempts: v.array(Stamp),
  /** When the instance was left for a human; null once a human released it. */
  escalatedAt: v.nullable(v.number()),
  /** When a human last released it: counting toward escalation starts again there. */
  releasedAt: v.nullable(v.number()),
});

export const LedgerStateSchema = v.object({
  /** The last entry folded in (0: none). */
  seq: v.number(),
  instances: v.record(v.string(), InstanceLedgerSchema),
  /**
   * Requests the ledger decided, with the deadline of the invocation that decided them: until then
   * the request is in flight; after it, with no outcome recorded, a redelivery takes it over.
   */
  requests: v.record(v.string(), v.object({ at: v.number(), exp: v.number(), ids: v.array(v.string()), skipped: v.record(v.string(), v.string()) })),
});

export type InstanceLedger = v.InferOutput<typeof InstanceLedgerSchema>;
export type LedgerState = v.InferOutput<typeof LedgerStateSchema>;
