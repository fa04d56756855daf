/**
 * One entry of the guardrail ledger: an immutable object `<prefix>e/<seq>` written with COS's
 * overwrite-forbidding PUT (`x-cos-forbid-overwrite: true`, COS doc 436/7749), so of two writers
 * of the same sequence number exactly one wins and the other reads what it lost to. Every entry
 * therefore decides on the whole state before it: the ledger is linearisable without a server.
 */
import * as v from 'valibot';
import { type LedgerState, LedgerStateSchema } from './ledger-state-schema';

/** Entries whose sequence number is a multiple of this carry the state after them (a checkpoint). */
export const CHECKPOINT_EVERY = 64;

const Ids = v.array(v.string());
/** `nonce`: unique per writer, so a writer that lost its answer can tell its own entry from another's. */
const Base = { seq: v.pipe(v.number(), v.integer(), v.minValue(1)), at: v.number(), nonce: v.string() };

/**
 * - `decide`: one request's guardrail decision: the instances it holds for a reset (until `exp`,
 *   the deciding invocation's deadline, it is in flight), the refused attempts that count toward
 *   escalation, and the instances it escalates;
 * - `release`: the request gives back instances ResetInstances certainly did not start;
 * - `complete`: the completion sweep reported these instances of the request;
 * - `unescalate`: a human let escalated instances be reset again.
 */
export const LedgerEntrySchema = v.variant('kind', [
  v.object({
    kind: v.literal('decide'),
    ...Base,
    rid: v.string(),
    exp: v.number(),
    reset: Ids,
    attempt: Ids,
    escalate: Ids,
    /** The code of every instance the request left alone, so a run that takes over can report it. */
    skipped: v.record(v.string(), v.string()),
    checkpoint: v.optional(LedgerStateSchema),
  }),
  v.object({ kind: v.literal('release'), ...Base, rid: v.string(), ids: Ids, checkpoint: v.optional(LedgerStateSchema) }),
  v.object({ kind: v.literal('complete'), ...Base, rid: v.string(), ids: Ids, checkpoint: v.optional(LedgerStateSchema) }),
  v.object({ kind: v.literal('unescalate'), ...Base, by: v.string(), ids: Ids, checkpoint: v.optional(LedgerStateSchema) }),
]);

export type LedgerEntry = v.InferOutput<typeof LedgerEntrySchema>;

/** An entry before the ledger gives it its place. */
export type NewEntry = LedgerEntry extends infer E ? (E extends LedgerEntry ? Omit<E, 'seq' | 'nonce' | 'checkpoint'> : never) : never;

/** Zero-padded, so keys sort in sequence order. */
export const entryKey = (seq: number): string => `e/${String(seq).padStart(12, '0')}`;

/** The checkpoint object: a copy of the latest checkpoint entry's state, where a cold reader starts. */
export const CHECKPOINT_KEY = 'checkpoint';

export function parseEntry(text: string): LedgerEntry | null {
  try {
    const parsed = v.safeParse(LedgerEntrySchema, JSON.parse(text));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

export function parseCheckpoint(text: string): LedgerState | null {
  try {
    const parsed = v.safeParse(LedgerStateSchema, JSON.parse(text));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}
