/** One API call as the emulator saw it. Passwords in params are redacted. */
export interface CallRecord {
  readonly seq: number;
  /** ISO-8601, wall clock. */
  readonly time: string;
  readonly service: string | null;
  readonly action: string | null;
  readonly version: string | null;
  readonly region: string | null;
  readonly params: unknown;
  readonly secretId: string | null;
  readonly requestId: string;
  /** null when the connection was dropped. */
  readonly httpStatus: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly fault: string | null;
  readonly durationMs: number;
}

export type CallDraft = Omit<CallRecord, 'seq'>;

/** Keeps the newest calls; older ones are dropped so a long-running emulator stays small. */
export interface CallLog {
  record(call: CallDraft): CallRecord;
  /** Calls with `seq` greater than `since` (all by default). */
  list(since?: number): readonly CallRecord[];
  readonly lastSeq: number;
}

export const REDACTED = '***REDACTED***';
const MAX_CALLS = 10_000;

export function createCallLog(): CallLog {
  const calls: CallRecord[] = [];
  let seq = 0;
  return {
    record(call) {
      seq += 1;
      const entry = { ...call, seq };
      calls.push(entry);
      if (calls.length > MAX_CALLS) calls.splice(0, calls.length - MAX_CALLS);
      return entry;
    },
    list: (since = 0) => calls.filter((call) => call.seq > since),
    get lastSeq() {
      return seq;
    },
  };
}

/**
 * Deep copy of request params with every password-like field replaced, so logs never hold
 * one. The pattern is loose on purpose: a misspelled `Pasword` is rejected by the API but
 * still carries the password.
 */
export function redactParams(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactParams);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, /pas|pwd/i.test(key) ? REDACTED : redactParams(inner)]));
}
