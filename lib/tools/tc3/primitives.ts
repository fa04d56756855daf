import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only algorithm API 3.0 defines for signature v3. */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/** The fixed last segment of every TC3 credential scope. */
export const TC3_TERMINATOR = 'tc3_request';

/** Lower-case hex SHA-256 of a string (UTF-8) or raw bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** HMAC-SHA256 returning raw bytes, so keys can be chained as the algorithm requires. */
export function hmacSha256(key: string | Uint8Array, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * The UTC calendar date (YYYY-MM-DD) of a Unix timestamp in seconds.
 * The scope date is UTC, not local: 1551113065 (00:44 in Beijing) is 2019-02-25.
 */
export function tc3Date(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

/** `Date/service/tc3_request`. */
export function credentialScope(date: string, service: string): string {
  return `${date}/${service}/${TC3_TERMINATOR}`;
}

/**
 * Compares two hex strings in constant time so that a verifier does not leak
 * how many leading characters of a guessed signature were right.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual throws on unequal lengths; compare against itself to keep the timing flat.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
