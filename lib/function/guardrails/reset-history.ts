/**
 * Per-instance guardrail state, kept in the instance's own tags so it survives cold starts and
 * is shared by every copy of the function (docs/guardrails-and-security.md, "Where state lives").
 *
 * - `ecm-reset:last`      `<unix seconds>:<result id>` of the last reset this function started
 * - `ecm-reset:history`   recent events, newest last: `<unix seconds>r` a reset, `<unix seconds>a`
 *                         an attempt the guardrails refused (cooldown, in progress)
 * - `ecm-reset:escalated` `<unix seconds>` when a human was last asked to look
 * - `ecm-reset:pending`   `<unix seconds>:<result id>` while the reset's completion is tracked
 * - `ecm-reset:attempts`  result ids of the latest requests handled for the instance (resets and
 *                         refused attempts), newest last, so a redelivered event is recognised as a
 *                         duplicate even after another request reset the instance in between
 * - `ecm-reset:hour`      the clock hour (unix seconds / 3600) of the last reset: the hourly budget
 *                         asks DescribeInstances only for the instances reset this hour or the one
 *                         before, not for every instance with a history
 */
export const TAG_LAST = 'ecm-reset:last';
export const TAG_HISTORY = 'ecm-reset:history';
export const TAG_ESCALATED = 'ecm-reset:escalated';
export const TAG_PENDING = 'ecm-reset:pending';
export const TAG_ATTEMPTS = 'ecm-reset:attempts';
export const TAG_HOUR = 'ecm-reset:hour';

export const DAY_SECONDS = 86_400;
export const HOUR_SECONDS = 3_600;
/** Tag values hold at most 255 characters; 20 entries of `1234567890r ` fit. */
const MAX_ENTRIES = 20;
/** 8 result ids of 28 characters and their separators fit in 255; retries come soon after the first delivery. */
const MAX_ATTEMPT_IDS = 8;

export interface HistoryEntry {
  at: number;
  kind: 'reset' | 'attempt';
}

export interface ResetHistory {
  last: { at: number; resultId: string } | null;
  entries: HistoryEntry[];
  escalatedAt: number | null;
  pending: { at: number; resultId: string } | null;
  /** Result ids of the latest refused attempts, oldest first. */
  attemptIds: string[];
}

function parseStamp(value: string | undefined): { at: number; resultId: string } | null {
  if (value === undefined) return null;
  const m = /^(\d{1,12}):(\S+)$/.exec(value.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { at: Number(m[1]), resultId: m[2] };
}

/** Reads the state from an instance's tags; anything unreadable counts as absent. */
export function readHistory(tags: Readonly<Record<string, string>>): ResetHistory {
  const entries: HistoryEntry[] = [];
  for (const token of (tags[TAG_HISTORY] ?? '').split(/\s+/)) {
    const m = /^(\d{1,12})([ra])$/.exec(token);
    if (m && m[1] !== undefined) entries.push({ at: Number(m[1]), kind: m[2] === 'r' ? 'reset' : 'attempt' });
  }
  const escalated = /^\d{1,12}$/.test(tags[TAG_ESCALATED] ?? '') ? Number(tags[TAG_ESCALATED]) : null;
  const attemptIds = (tags[TAG_ATTEMPTS] ?? '').split(/\s+/).filter((id) => /^\S+$/.test(id));
  return { last: parseStamp(tags[TAG_LAST]), entries, escalatedAt: escalated, pending: parseStamp(tags[TAG_PENDING]), attemptIds };
}

/** Entries within `seconds` before `now` (unix seconds). */
export const within = (entries: readonly HistoryEntry[], now: number, seconds: number): HistoryEntry[] =>
  entries.filter((e) => e.at > now - seconds && e.at <= now + 300);

/** The history tag value after adding one entry; entries older than a day are dropped. */
export function appendEntry(entries: readonly HistoryEntry[], entry: HistoryEntry): string {
  const kept = [...within(entries, entry.at, DAY_SECONDS), entry].slice(-MAX_ENTRIES);
  return kept.map((e) => `${e.at}${e.kind === 'reset' ? 'r' : 'a'}`).join(' ');
}

/** The attempts tag value after adding one result id; only the newest few are kept. */
export const appendAttemptId = (ids: readonly string[], resultId: string): string =>
  [...ids.filter((id) => id !== resultId), resultId].slice(-MAX_ATTEMPT_IDS).join(' ');

export const stamp = (at: number, resultId: string): string => `${at}:${resultId}`;

/** The `ecm-reset:hour` value of a reset at `at` (unix seconds). */
export const hourOf = (at: number): string => String(Math.floor(at / HOUR_SECONDS));

/**
 * The `ecm-reset:hour` values an instance reset in the hour before `now` can carry: this clock hour
 * and the previous one (anything older ended before `now - 3600`). Resets up to 300 s in the future
 * (clock skew, as `within` allows) fall in the next one.
 */
export const recentHours = (now: number): string[] => [...new Set([now - HOUR_SECONDS, now, now + 300].map(hourOf))];
