/**
 * The guardrail ledger: what the cooldown, the hourly budget, escalation and the duplicate check
 * read, shared by every copy of the function and safe with any number of them at once. It is a
 * sequence of immutable entries in a store with a create-if-absent write (ledger-entry.ts): to
 * record a decision, a writer reads to the end, decides on that state and creates the next entry;
 * if another writer got there first, it reads that entry and decides again. Nothing rests on a
 * read being fresh: the create is the arbiter. Each request's outcome is recorded the same way
 * (`r/<rid>`), so whatever its first delivery decided is what every redelivery reports.
 *
 * Named operations: `read`, `commit` (reserve: the decision, atomically), `append` (release,
 * complete, unescalate), `recall` / `record` / `markSent` (the outcome of a request).
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../kernel/errors';
import { CloudCallError } from '../ports/cloud-error';
import type { ResultMessage } from '../result/result-message';
import type { LedgerContext } from './ledger-context';
import { CHECKPOINT_EVERY, CHECKPOINT_KEY, entryKey, type LedgerEntry, type NewEntry, parseCheckpoint, parseEntry } from './ledger-entry';
import { applyEntry, emptyLedger, type LedgerState, pruneLedger } from './ledger-state';

/** Entries read side by side once a reader finds it is behind. */
const READ_AHEAD = 8;
/** A decision that keeps losing the race this often is given up (fail closed). */
const MAX_COMMIT_ROUNDS = 40;
/** A reader that is told an entry exists but cannot read it yet waits this long, this many times. */
const UNSEEN_RETRIES = 5;
const UNSEEN_PAUSE_MS = 50;
/** A create whose answer was lost is sent again this often, while the invocation has time. */
const CREATE_ATTEMPTS = 4;

/** A request's recorded outcome: the messages its first run published (terminal first). */
export interface RecordedOutcome {
  messages: ResultMessage[];
  /** Whether a run confirmed that every message reached the topic. */
  sent: boolean;
  /** Whether a run tried to publish and could not (so nobody is publishing it now). */
  unsent: boolean;
  /** The recording run's deadline (unix seconds): until then it may still be publishing. */
  exp: number;
}

export interface Ledger {
  read(ctx: LedgerContext): Promise<LedgerState>;
  /**
   * Decides on the ledger's state and creates the decision as its next entry, atomically. `from`:
   * the state the caller has just read, decided on first instead of reading again (the create is
   * refused if anyone wrote after it, and the next round reads what they wrote).
   */
  commit<T>(ctx: LedgerContext, decide: (state: LedgerState) => { entry: NewEntry | null; result: T }, from?: LedgerState): Promise<T>;
  append(ctx: LedgerContext, entry: NewEntry): Promise<void>;
  recall(ctx: LedgerContext, rid: string): Promise<RecordedOutcome | null>;
  /** Records the outcome unless one stands already; returns the one that stands. */
  record(ctx: LedgerContext, rid: string, messages: ResultMessage[]): Promise<{ recorded: boolean; outcome: RecordedOutcome }>;
  /** Says whether every message of the outcome reached the topic (`false`: a redelivery should publish it). */
  markSent(ctx: LedgerContext, rid: string, sent: boolean): Promise<void>;
}

const outcomeKey = (rid: string) => `r/${rid}`;
const sentKey = (rid: string) => `r/${rid}.sent`;
const SENT = 'sent';
const UNSENT = 'unsent';

const unavailable = (why: string, cause?: unknown) =>
  new AppError(
    'State.Unavailable',
    `the guardrail ledger is unavailable (${why}${cause instanceof CloudCallError ? `: ${cause.tencentCode ?? cause.failure}` : ''}); nothing was reset, so the cooldown, hourly budget and escalation cannot be bypassed`,
    {
      ...(cause instanceof CloudCallError && cause.tencentCode !== undefined ? { tencentCode: cause.tencentCode } : {}),
      cause,
    },
  );

/**
 * The ledger of one container: built once per cold start, it remembers how far it has read, so a
 * warm invocation reads only what others wrote since (usually one missing object).
 */
export function createLedger(): Ledger {
  let cached: LedgerState | null = null;

  async function readKey(ctx: LedgerContext, key: string): Promise<string | null> {
    try {
      return await ctx.cloud.ledgerRead(key);
    } catch (e) {
      throw unavailable(`reading ${key} failed`, e);
    }
  }

  async function entryAt(ctx: LedgerContext, seq: number): Promise<LedgerEntry | null> {
    const text = await readKey(ctx, entryKey(seq));
    if (text === null) return null;
    const entry = parseEntry(text);
    if (entry === null || entry.seq !== seq) throw unavailable(`entry ${seq} is not a ledger entry`);
    return entry;
  }

  async function catchUp(ctx: LedgerContext, from: LedgerState): Promise<LedgerState> {
    let state = from;
    // One probe first: a warm reader is usually at the end already.
    let batch = 1;
    for (;;) {
      const seqs = Array.from({ length: batch }, (_, i) => state.seq + 1 + i);
      const entries = await Promise.all(seqs.map((s) => entryAt(ctx, s)));
      let applied = 0;
      for (const entry of entries) {
        if (entry === null) break;
        state = entry.checkpoint ?? applyEntry(state, entry);
        applied += 1;
      }
      if (applied < batch) return state;
      batch = READ_AHEAD;
    }
  }

  async function read(ctx: LedgerContext): Promise<LedgerState> {
    if (cached === null) {
      const text = await readKey(ctx, CHECKPOINT_KEY);
      cached = text === null ? emptyLedger() : (parseCheckpoint(text) ?? emptyLedger());
    }
    cached = await catchUp(ctx, cached);
    return cached;
  }

  /**
   * Creates `key`. After an answer that was lost, the same create is sent again: its body is the
   * same bytes (a per-writer nonce inside), so whichever of the two lands first, the object tells
   * whether it is ours; a late duplicate of our own write is refused by the store harmlessly.
   */
  async function create(ctx: LedgerContext, key: string, body: string, publishing = false): Promise<boolean> {
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
      try {
        if (await ctx.cloud.ledgerCreate(key, body, publishing)) return true;
      } catch (e) {
        if (e instanceof CloudCallError && e.failure === 'ambiguous' && ctx.clock.now() < ctx.deadline) continue;
        throw unavailable(`writing ${key} failed`, e);
      }
      for (let i = 0; i < UNSEEN_RETRIES; i += 1) {
        const there = await readKey(ctx, key);
        if (there !== null) return there === body;
        await ctx.clock.sleep(UNSEEN_PAUSE_MS);
      }
      throw unavailable(`${key} exists but cannot be read`);
    }
    throw unavailable(`writing ${key} got no answer`);
  }

  async function commit<T>(ctx: LedgerContext, decide: (state: LedgerState) => { entry: NewEntry | null; result: T }, from?: LedgerState): Promise<T> {
    const nonce = randomBytes(8).toString('hex');
    for (let round = 0; round < MAX_COMMIT_ROUNDS && ctx.clock.now() < ctx.deadline; round += 1) {
      const state = round === 0 && from !== undefined ? from : await read(ctx);
      const { entry, result } = decide(state);
      if (entry === null) return result;
      const placed = { ...entry, seq: state.seq + 1, nonce } as LedgerEntry;
      const after = applyEntry(state, placed);
      const checkpoint = placed.seq % CHECKPOINT_EVERY === 0 ? pruneLedger(after, placed.at) : undefined;
      const full = checkpoint === undefined ? placed : ({ ...placed, checkpoint } as LedgerEntry);
      if (await create(ctx, entryKey(full.seq), JSON.stringify(full))) {
        cached = checkpoint ?? after;
        // Where a cold reader starts; a stale copy only makes it read a little further.
        if (checkpoint !== undefined)
          await ctx.cloud
            .ledgerWrite(CHECKPOINT_KEY, JSON.stringify(checkpoint))
            .catch((e: unknown) => ctx.log.warn('ledger.checkpoint-failed', { seq: full.seq, reason: e instanceof Error ? e.message : String(e) }));
        return result;
      }
      ctx.log.info('ledger.conflict', { seq: full.seq, round });
      // Another writer took this place: read it, decide again, a little later than the crowd.
      await ctx.clock.sleep(Math.floor(Math.random() * 20 * Math.min(round + 1, 5)));
    }
    throw unavailable('too many writers at once; try again');
  }

  async function recall(ctx: LedgerContext, rid: string): Promise<RecordedOutcome | null> {
    const [text, sent] = await Promise.all([readKey(ctx, outcomeKey(rid)), readKey(ctx, sentKey(rid))]);
    if (text === null) return null;
    const stored = JSON.parse(text) as { messages: ResultMessage[]; exp?: number };
    return { messages: stored.messages, sent: sent === SENT, unsent: sent === UNSENT, exp: stored.exp ?? 0 };
  }

  return {
    read,
    commit,
    append: (ctx, entry) => commit(ctx, () => ({ entry, result: undefined })),
    recall,
    async record(ctx, rid, messages) {
      const exp = Math.ceil(ctx.deadline / 1000);
      // Recording the outcome is the first step of publishing it: it may use the time kept for that.
      if (await create(ctx, outcomeKey(rid), JSON.stringify({ messages, exp }), true))
        return { recorded: true, outcome: { messages, sent: false, unsent: false, exp } };
      const standing = await recall(ctx, rid);
      if (standing === null) throw unavailable(`the outcome of ${rid} exists but cannot be read`);
      return { recorded: false, outcome: standing };
    },
    async markSent(ctx, rid, sent) {
      try {
        await ctx.cloud.ledgerWrite(sentKey(rid), sent ? SENT : UNSENT, true);
      } catch (e) {
        // A redelivery then publishes the same messages again: at least once, never different.
        ctx.log.warn('ledger.sent-mark-failed', { rid, reason: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}
