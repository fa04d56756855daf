import { sha256Hex } from './primitives';

/** What the canonical request is built from. Header names may be given in any case. */
export interface CanonicalRequestInput {
  readonly method: string;
  /** Path part of the URL; API 3.0 always uses `/`. */
  readonly uri?: string;
  /** The raw query string after `?` (empty for POST). */
  readonly query?: string;
  /** Values of the headers to sign, keyed by name. */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body bytes (or text); hashed exactly as sent. */
  readonly payload: string | Uint8Array;
  /** The payload's hex SHA-256 when already known (a verifier trying several candidates hashes it once). */
  readonly payloadHash?: string;
}

/** Lower-cased, sorted, `;`-joined header names, e.g. `content-type;host`. */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort()
    .join(';');
}

/**
 * The TC3 CanonicalRequest: method, URI, query, `name:value\n` lines sorted by
 * name, the signed header list and the hex SHA-256 of the payload.
 */
export function canonicalRequest(input: CanonicalRequestInput): string {
  const entries = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = entries.map(([name, value]) => `${name}:${value}\n`).join('');
  const signedHeaders = entries.map(([name]) => name).join(';');
  return [input.method.toUpperCase(), input.uri ?? '/', input.query ?? '', canonicalHeaders, signedHeaders, input.payloadHash ?? sha256Hex(input.payload)].join(
    '\n',
  );
}
