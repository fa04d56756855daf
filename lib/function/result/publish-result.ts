import { TOPIC_MAX_BYTES } from '../config/config';
import { echo } from '../kernel/echo';
import type { Issue } from '../kernel/errors';
import { moreIssues } from '../kernel/issues';
import type { Logger } from '../kernel/logger';
import type { CloudCalls } from '../ports/cloud-calls';
import type { ResultMessage } from './result-message';

/**
 * The log event that carries a result message nobody could publish: one JSON line
 * `{"level":"error","event":"reset.dead-letter","deadLetter":true,"topic",…,"message":{…}}`
 * with the complete message (all parts). Search the function's logs for `reset.dead-letter`.
 */
export const DEAD_LETTER_EVENT = 'reset.dead-letter';

/** The log event that says a message was shortened to fit the topic, and what was. */
export const SHORTENED_EVENT = 'result.shortened';

/**
 * The bytes a message may take on a topic whose `MaxMsgSize` is `maxBytes`: a sixteenth is kept
 * back, since TDMQ does not document whether anything beside the body counts.
 */
export const messageBudget = (maxBytes: number): number => maxBytes - Math.floor(maxBytes / 16);

/** The budget on a topic of the default size (64 KB). */
export const MAX_MESSAGE_BYTES = messageBudget(TOPIC_MAX_BYTES.default);

const bytes = (m: unknown): number => Buffer.byteLength(JSON.stringify(m));

/** Splits a message whose JSON is too large into parts with the same id and type. */
export function splitMessage(message: ResultMessage, maxBytes = MAX_MESSAGE_BYTES): ResultMessage[] {
  if (bytes(message) <= maxBytes) return [message];
  // The part numbers can grow to one part per result: count them at their widest.
  const most = Math.max(1, message.results.length);
  const overhead = bytes({ ...message, results: [], part: { index: most, of: most } });
  const groups: ResultMessage['results'][] = [[]];
  let size = overhead;
  for (const r of message.results) {
    const more = bytes(r) + 1;
    const current = groups[groups.length - 1] as ResultMessage['results'];
    if (current.length > 0 && size + more > maxBytes) {
      groups.push([r]);
      size = overhead + more;
    } else {
      current.push(r);
      size += more;
    }
  }
  return groups.map((results, i) => ({ ...message, results, part: { index: i + 1, of: groups.length } }));
}

/** How far a message is shortened: longest echoed text, issues kept, request ids kept. */
interface Caps {
  text: number;
  issues: number;
  ids: number;
}

/** Tried in order until every part fits; the last one fits any topic (1 KB) with room to spare. */
const SHORTENING: readonly Caps[] = [
  { text: 1024, issues: 20, ids: 1000 },
  { text: 256, issues: 10, ids: 100 },
  { text: 64, issues: 3, ids: 10 },
  { text: 16, issues: 0, ids: 0 },
  { text: 0, issues: 0, ids: 0 },
];

/** What identifies a message or an instance is kept whole up to this length, whatever the caps. */
const ID_TEXT = 64;

/** The issues actually listed, and how many they stand for (a trailing "and N more issues" counted). */
function listedIssues(issues: readonly Issue[]): { listed: readonly Issue[]; total: number } {
  const last = issues[issues.length - 1];
  const more = last?.path === '' ? /^and (\d+) more issues?$/.exec(last.message) : null;
  if (more === null) return { listed: issues, total: issues.length };
  return { listed: issues.slice(0, -1), total: issues.length - 1 + Number(more[1]) };
}

/**
 * The message with every text a caller or an upstream service wrote shortened to `caps`, and the
 * names of the fields that changed. The id, the type, the time, the trigger's kind and every
 * result (its instance, status and code) are kept; nothing is dropped but text and the repeated
 * request ids.
 */
function shorten(m: ResultMessage, caps: Caps): { message: ResultMessage; changed: string[] } {
  const changed = new Set<string>();
  const text = (field: string, s: string, max = caps.text): string => {
    const out = echo(s, max);
    if (out !== s) changed.add(field);
    return out;
  };
  const nullable = (field: string, s: string | null, max = caps.text): string | null => (s === null ? null : text(field, s, max));
  const idText = Math.max(caps.text, ID_TEXT);

  let error = m.error ?? null;
  if (error !== null) {
    const { issues, ...rest } = error;
    const shortened: NonNullable<ResultMessage['error']> = {
      ...rest,
      code: text('error.code', error.code, idText),
      message: text('error.message', error.message),
    };
    if (issues !== undefined && issues.length > 0) {
      const { listed, total } = listedIssues(issues);
      const kept = listed.slice(0, caps.issues).map((i) => ({ path: text('error.issues', i.path), message: text('error.issues', i.message) }));
      if (kept.length < listed.length) changed.add('error.issues');
      // None kept: the error's message still says what was wrong.
      if (kept.length > 0) shortened.issues = total > kept.length ? [...kept, moreIssues(total - kept.length)] : kept;
    }
    error = shortened;
  }

  const request = m.request === null ? null : { ...m.request };
  if (request !== null) {
    if (request.instanceIds.length > caps.ids) {
      changed.add('request.instanceIds');
      request.instanceIdCount = request.instanceIds.length;
      request.instanceIds = request.instanceIds.slice(0, caps.ids);
    }
    request.selector = nullable('request.selector', request.selector ?? null);
    request.imageId = nullable('request.imageId', request.imageId, idText);
    request.reason = text('request.reason', request.reason);
    request.requestedBy = nullable('request.requestedBy', request.requestedBy);
  }

  const results = m.results.map((r) => ({
    ...r,
    instanceId: text('results.instanceId', r.instanceId, idText),
    code: text('results.code', r.code, idText),
    message: text('results.message', r.message),
    apiRequestId: nullable('results.apiRequestId', r.apiRequestId, idText),
  }));

  const message: ResultMessage = {
    ...m,
    trigger: { ...m.trigger, id: nullable('trigger.id', m.trigger.id, idText) },
    request,
    results,
    error,
    functionRequestId: nullable('functionRequestId', m.functionRequestId, idText),
  };
  return { message, changed: [...changed] };
}

export interface FittedMessage {
  parts: ResultMessage[];
  /** The fields shortened to fit (empty when the message fitted as it was). */
  shortened: string[];
}

/**
 * The message as parts that each fit a topic of `maxBytes`: split over its results first (same id
 * and type, `part` numbered); when a part is still too large (a huge error, many issues, a long
 * request summary), what it echoes is shortened step by step until every part fits, and each part
 * says in `shortened` which fields were. Never drops the id, the type or the trigger.
 */
export function fitMessage(message: ResultMessage, maxBytes: number = TOPIC_MAX_BYTES.default): FittedMessage {
  const budget = messageBudget(maxBytes);
  const fits = (parts: readonly ResultMessage[]) => parts.every((p) => bytes(p) <= budget);
  let parts = splitMessage(message, budget);
  if (fits(parts)) return { parts, shortened: [] };
  let shortened: string[] = [];
  for (const caps of SHORTENING) {
    const s = shorten(message, caps);
    shortened = s.changed;
    parts = splitMessage({ ...s.message, shortened }, budget);
    if (fits(parts)) break;
  }
  return { parts, shortened };
}

export type PublishOutcome = { published: true; msgIds: string[] } | { published: false; reason: string };

/**
 * Publishes one result, fitted to the topic's size (`fitMessage`: in parts, shortened if it must
 * be), each part retried by the cloud-call policy (a publish whose answer was lost may arrive
 * twice: same id, same content). If a part still fails, the full message is written to the log as
 * one dead-letter line, so nothing is lost; `publishedParts` says which parts did reach the topic.
 * @param maxBytes the topic's `MaxMsgSize` (RESET_TOPIC_MAX_BYTES)
 */
export async function publishResult(
  cloud: CloudCalls,
  topic: string,
  log: Logger,
  message: ResultMessage,
  maxBytes: number = TOPIC_MAX_BYTES.default,
): Promise<PublishOutcome> {
  const msgIds: string[] = [];
  const { parts, shortened } = fitMessage(message, maxBytes);
  if (shortened.length > 0) {
    log.warn(SHORTENED_EVENT, { id: message.id, type: message.type, topic, maxBytes, bytes: bytes(message), shortened, parts: parts.length });
  }
  try {
    for (const part of parts) {
      const r = await cloud.publish(topic, JSON.stringify(part), [message.type]);
      msgIds.push(r.msgId);
    }
    log.info('result.published', { id: message.id, type: message.type, topic, parts: parts.length, msgIds });
    return { published: true, msgIds };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    log.error(DEAD_LETTER_EVENT, {
      deadLetter: true,
      id: message.id,
      type: message.type,
      topic,
      reason,
      parts: parts.length,
      publishedParts: msgIds.length,
      message,
    });
    return { published: false, reason };
  }
}
