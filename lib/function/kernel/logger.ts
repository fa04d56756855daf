/**
 * One JSON line per event. Every secret value the function handles is registered with
 * `redact` and replaced in the line before it is written, whatever field it ended up in (also
 * as JSON, URL and base64 text, the ways an upstream error message may echo it).
 *
 * One logger per invocation (`child`): the SCF request id, and once known the result id, are on
 * every line, as Powertools' `appendKeys` does, so a line is found from either id.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Never write this value (passwords, caller keys, signing secrets). Shared by every child. */
  redact(secret: string): void;
  /** A logger that adds `keys` to each of its lines (and its children's). */
  child(keys: Record<string, unknown>): Logger;
}

export const REDACTED = '[redacted]';

/** The forms a secret takes when something quotes it: as is, JSON-escaped, URL-encoded, base64. */
export function secretForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
  return [...new Set(forms)].filter((f) => f.length >= 4);
}

/** Replaces every form of every secret in `text`. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) for (const form of secretForms(s)) out = out.split(form).join(REDACTED);
  return out;
}

export function createLogger(write: (line: string) => void, base: Record<string, unknown> = {}): Logger {
  const secrets = new Set<string>();
  const make = (keys: Record<string, unknown>): Logger => {
    const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
      // A line's JSON escapes the secret as JSON text does; scrub() covers that form.
      write(scrub(JSON.stringify({ level, event, time: new Date().toISOString(), ...keys, ...fields }), secrets));
    };
    return {
      info: (e, f) => emit('info', e, f),
      warn: (e, f) => emit('warn', e, f),
      error: (e, f) => emit('error', e, f),
      redact(secret) {
        // Very short values would redact innocent text and protect nothing.
        if (secret.length >= 4) secrets.add(secret);
      },
      child: (more) => make({ ...keys, ...more }),
    };
  };
  return make(base);
}
