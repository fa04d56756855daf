/**
 * Authentication of Cloud Monitor alarm callbacks. Cloud Monitor signs nothing: the only secret
 * it can carry is in the callback URL, as `?token=<key>` or as Basic auth credentials whose
 * password is the key. Either way the token is one of the `RESET_AUTH_SECRET` keys.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../kernel/errors';
import type { HttpRequest } from '../triggers/http-request';
import { readHeader } from './v1-signature';

/** true when the query token or the Basic auth password is one of `keys`; otherwise `Auth.Unauthenticated`. */
export function verifyAlarmToken(request: HttpRequest, keys: readonly string[]): true | AppError {
  const candidates: string[] = [];
  const token = request.query['token'];
  if (token !== undefined && token !== '') candidates.push(token);
  const authorization = readHeader(request.headers, 'authorization');
  if (authorization !== undefined) {
    const password = basicPassword(authorization);
    if (password === undefined) return unauthenticated('Malformed Authorization header: expected Basic credentials');
    candidates.push(password);
  }
  if (candidates.length === 0) {
    return unauthenticated('Missing alarm token: put ?token=<key> or Basic auth credentials in the callback URL');
  }

  let matched = false;
  for (const candidate of candidates) {
    for (const key of keys) matched = constantTimeEqual(candidate, key) || matched;
  }
  return matched ? true : unauthenticated('Bad alarm token: it matches no configured key');
}

/** The password of `Basic base64(user:password)`, or undefined when the header is not that. */
function basicPassword(header: string): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header.trim());
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const password = decoded.slice(colon + 1);
  return password === '' ? undefined : password;
}

/**
 * Compares digests rather than the strings so both buffers always have the same length:
 * `timingSafeEqual` throws on a length mismatch, and an early length check would leak the key's length.
 */
function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function unauthenticated(message: string): AppError {
  return new AppError('Auth.Unauthenticated', message);
}
