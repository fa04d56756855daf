import { createHash } from 'node:crypto';

/** How much of a caller's text an error, an issue or an answer quotes by default (characters). */
export const ECHO_MAX = 64;

/**
 * A caller's text as an error may quote it: the text itself when it is at most `max` characters
 * (code points), else its first `max` characters, `…` and `(N chars, sha256:xxxxxxxx)` (when that is
 * shorter), so a 40 KB id is still recognisable (by its start, length and hash) without being
 * copied into every message that mentions it. Never splits a surrogate pair.
 * @example
 * echo('ein-aaaaaaaa') // 'ein-aaaaaaaa'
 * echo('ein-' + 'a'.repeat(40_000), 8) // 'ein-aaaa…(40004 chars, sha256:xxxxxxxx)'
 */
export function echo(text: string, max = ECHO_MAX): string {
  // At most `max` UTF-16 units is at most `max` code points: the common case costs nothing.
  if (text.length <= max) return text;
  let count = 0;
  let end = 0;
  for (const ch of text) {
    if (count < max) end += ch.length;
    count += 1;
  }
  if (count <= max) return text;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const short = `${text.slice(0, end)}…(${count} chars, sha256:${digest})`;
  // Just over `max`, the marker would make the text longer, not shorter.
  return short.length < text.length ? short : text;
}

/** `echo` of any value as JSON would show it (strings quoted), for messages that quote an input. */
export function echoJson(value: unknown, max = ECHO_MAX): string {
  const text = typeof value === 'string' ? value : (safeJson(value) ?? String(value));
  return typeof value === 'string' ? JSON.stringify(echo(text, max)) : echo(text, max);
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
