import type { Logger } from '../kernel/logger';
import type { CloudCalls } from '../ports/cloud-calls';
import type { ResultMessage } from './result-message';

/**
 * The log event that carries a result message nobody could publish: one JSON line
 * `{"level":"error","event":"reset.dead-letter","deadLetter":true,"topic",…,"message":{…}}`
 * with the complete message (all parts). Search the function's logs for `reset.dead-letter`.
 */
export const DEAD_LETTER_EVENT = 'reset.dead-letter';

/** CMQ topics take messages of at most 64 KB; keep a margin for the envelope. */
export const MAX_MESSAGE_BYTES = 60_000;

/** Splits a message whose JSON is too large into parts with the same id and type. */
export function splitMessage(message: ResultMessage, maxBytes = MAX_MESSAGE_BYTES): ResultMessage[] {
  if (Buffer.byteLength(JSON.stringify(message)) <= maxBytes) return [message];
  const overhead = Buffer.byteLength(JSON.stringify({ ...message, results: [], part: { index: 999, of: 999 } }));
  const groups: ResultMessage['results'][] = [[]];
  let size = overhead;
  for (const r of message.results) {
    const bytes = Buffer.byteLength(JSON.stringify(r)) + 1;
    const current = groups[groups.length - 1] as ResultMessage['results'];
    if (current.length > 0 && size + bytes > maxBytes) {
      groups.push([r]);
      size = overhead + bytes;
    } else {
      current.push(r);
      size += bytes;
    }
  }
  return groups.map((results, i) => ({ ...message, results, part: { index: i + 1, of: groups.length } }));
}

export type PublishOutcome = { published: true; msgIds: string[] } | { published: false; reason: string };

/**
 * Publishes one result (in parts if needed), each part retried by the cloud-call policy
 * (a publish whose answer was lost may arrive twice: same id, same content). If a part still
 * fails, the full message is written to the log as one dead-letter line, so nothing is lost;
 * `publishedParts` says which parts did reach the topic.
 */
export async function publishResult(cloud: CloudCalls, topic: string, log: Logger, message: ResultMessage): Promise<PublishOutcome> {
  const msgIds: string[] = [];
  const parts = splitMessage(message);
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
