/**
 * The `v1` request signature of the HTTP API:
 * `X-Reset-Timestamp: <unix seconds>` and
 * `X-Reset-Signature: v1=<hex HMAC-SHA256(key, "v1:" + timestamp + ":" + raw body)>`.
 * Signing the timestamp with the body bounds how long a captured request stays usable; the
 * replay guard covers the rest of that window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../kernel/errors';
import type { ReplayGuard } from './replay-guard';

export const V1_TIMESTAMP_HEADER = 'x-reset-timestamp';
export const V1_SIGNATURE_HEADER = 'x-reset-signature';
/** Allowed clock difference between caller and function, either direction. */
export const V1_MAX_SKEW_SECONDS = 300;
/**
 * The window to give the replay guard: a signature stays acceptable from `timestamp − 300 s` to
 * `timestamp + 300 s`, so remembering it for 300 s after first use is not enough when the
 * caller's clock runs ahead.
 */
export const V1_REPLAY_WINDOW_MS = 2 * V1_MAX_SKEW_SECONDS * 1000;

/** A SHA-256 digest in hex; anything else can never match, whatever it decodes to. */
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;
/** Unix seconds; bounded so `Number` stays exact and absurd values fail as "malformed". */
const UNIX_SECONDS = /^\d{1,12}$/;

/** The `X-Reset-Signature` header value for a request body sent at `timestamp` (unix seconds). */
export function signV1(key: string, timestamp: number, rawBody: string): string {
  return `v1=${hmacHex(key, `v1:${timestamp}:${rawBody}`)}`;
}

export interface VerifyV1Input {
  headers: Readonly<Record<string, string>>;
  rawBody: string;
  /** The rotation set: any of them is accepted. */
  keys: readonly string[];
  nowMs: number;
  replay: ReplayGuard;
}

export type VerifyV1Result = { ok: true; signature: string; keyIndex: number } | AppError;

/**
 * Checks a `v1`-signed request. Every failure is `Auth.Unauthenticated` with a message that says
 * what was wrong (missing, malformed, stale, bad, replayed) and never contains key material.
 * `signature` in the result is the canonical lower-case hex digest, safe to use as an id.
 */
export function verifyV1({ headers, rawBody, keys, nowMs, replay }: VerifyV1Input): VerifyV1Result {
  const timestampText = readHeader(headers, V1_TIMESTAMP_HEADER)?.trim();
  const signatureText = readHeader(headers, V1_SIGNATURE_HEADER)?.trim();
  if (!timestampText || !signatureText) {
    return unauthenticated('Missing signature: send X-Reset-Timestamp and X-Reset-Signature headers');
  }
  if (!UNIX_SECONDS.test(timestampText)) {
    return unauthenticated('Malformed X-Reset-Timestamp header: expected unix seconds');
  }
  if (!signatureText.startsWith('v1=')) {
    return unauthenticated('Malformed X-Reset-Signature header: expected v1=<hex HMAC-SHA256>');
  }
  const timestamp = Number(timestampText);
  if (Math.abs(nowMs - timestamp * 1000) > V1_MAX_SKEW_SECONDS * 1000) {
    return unauthenticated(`Stale signature: X-Reset-Timestamp is more than ${V1_MAX_SKEW_SECONDS} s away from the server clock`);
  }

  const base = `v1:${timestampText}:${rawBody}`;
  let keyIndex = -1;
  let matched = '';
  // Every key is tried even after a match so the time taken does not tell which key it was.
  keys.forEach((key, index) => {
    const expected = hmacHex(key, base);
    if (hexDigestEquals(expected, signatureText.slice(3)) && keyIndex < 0) {
      keyIndex = index;
      matched = expected;
    }
  });
  if (keyIndex < 0) return unauthenticated('Bad signature: X-Reset-Signature does not match the request');

  // Recorded only now, and in canonical form, so garbage cannot fill the guard and a
  // re-cased copy of the same hex is still recognised as a replay.
  if (replay.seen(matched, nowMs)) return unauthenticated('Replayed request: this signature was already used');
  return { ok: true, signature: matched, keyIndex };
}

/** Header lookup that does not trust the front to have lower-cased the names. */
export function readHeader(headers: Readonly<Record<string, string>>, lowerName: string): string | undefined {
  const direct = headers[lowerName];
  if (direct !== undefined) return direct;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === lowerName) return value;
  return undefined;
}

/**
 * Constant-time comparison of a digest we computed with one a caller sent. A value that is not
 * exactly a 64-digit hex digest is a mismatch: `Buffer.from(x, 'hex')` would otherwise silently
 * stop at the first non-hex character and compare only a prefix.
 */
export function hexDigestEquals(expectedHex: string, providedHex: string): boolean {
  if (!HEX_DIGEST.test(providedHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(providedHex, 'hex'));
}

function hmacHex(key: string, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

function unauthenticated(message: string): AppError {
  return new AppError('Auth.Unauthenticated', message);
}
