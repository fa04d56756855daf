/**
 * One JSON line per event. Every secret value the function handles is registered with
 * `redact` and replaced in the line before it is written, whatever field it ended up in.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Never write this value (passwords, caller keys, signing secrets). */
  redact(secret: string): void;
}

export const REDACTED = '[redacted]';

export function createLogger(write: (line: string) => void, base: Record<string, unknown> = {}): Logger {
  const secrets = new Set<string>();
  const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    let line = JSON.stringify({ level, event, time: new Date().toISOString(), ...base, ...fields });
    for (const s of secrets) line = line.split(JSON.stringify(s).slice(1, -1)).join(REDACTED);
    write(line);
  };
  return {
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    redact(secret) {
      // Very short values would redact innocent text and protect nothing.
      if (secret.length >= 4) secrets.add(secret);
    },
  };
}
