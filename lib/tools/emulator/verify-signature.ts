import type { IncomingHttpHeaders } from 'node:http';
import { parseAuthorization } from '../tc3/authorization';
import { canonicalRequest } from '../tc3/canonical-request';
import { constantTimeEqual, sha256Hex, tc3Date } from '../tc3/primitives';
import { computeSignature, deriveSigningKey } from '../tc3/signature';
import { ApiError } from './api-error';
import { splitTarget } from './http-io';
import type { CredentialSeed } from './seed';

/** API 3.0 rejects requests whose X-TC-Timestamp is more than five minutes off. */
export const MAX_CLOCK_SKEW_MS = 300_000;

export interface VerifyRequestInput {
  readonly method: string;
  /** Path and query as received (`req.url`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The product of the action (`ecm`, …); always an acceptable scope service. */
  readonly service: string;
  readonly credentials: ReadonlyMap<string, CredentialSeed>;
  /** Wall-clock milliseconds to judge X-TC-Timestamp against. */
  readonly now: number;
}

/**
 * Verifies a TC3-HMAC-SHA256 request exactly as the public algorithm describes and
 * returns the caller's credentials, or throws the AuthFailure the real API would answer.
 */
export function verifyRequest(input: VerifyRequestInput): CredentialSeed {
  const auth = parseAuthorization(header(input.headers, 'authorization'));
  if (!auth.ok) throw new ApiError('AuthFailure.InvalidAuthorization', `the Authorization header is invalid: ${auth.reason}`);
  const { secretId, date, service, signedHeaders, signature } = auth.value;
  if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host')) {
    throw new ApiError('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host');
  }
  const rawTimestamp = header(input.headers, 'x-tc-timestamp') ?? '';
  if (!/^\d{1,12}$/.test(rawTimestamp)) {
    throw new ApiError('AuthFailure.InvalidAuthorization', 'X-TC-Timestamp must be the Unix time in seconds');
  }
  const timestamp = Number(rawTimestamp);
  if (Math.abs(timestamp * 1000 - input.now) > MAX_CLOCK_SKEW_MS) {
    throw new ApiError('AuthFailure.SignatureExpire', 'X-TC-Timestamp is more than 300 seconds off the server clock');
  }
  if (date !== tc3Date(timestamp)) {
    throw new ApiError('AuthFailure.SignatureFailure', `the credential scope date must be ${tc3Date(timestamp)}, the UTC date of X-TC-Timestamp`);
  }
  const host = header(input.headers, 'host') ?? '';
  const hostname = stripPort(host);
  // The SDK scopes by the endpoint's first DNS label, which for 127.0.0.1:PORT is "127".
  const scopeServices = new Set([input.service, hostname.split('.')[0] ?? '']);
  if (!scopeServices.has(service)) {
    throw new ApiError('AuthFailure.SignatureFailure', `the credential scope service must be ${[...scopeServices].join(' or ')}`);
  }
  const credential = input.credentials.get(secretId);
  if (credential === undefined) throw new ApiError('AuthFailure.SecretIdNotFound', 'the SecretId is not found');
  const candidates = canonicalCandidates(input, signedHeaders, host, hostname);
  // The same key and payload hash serve every candidate: derived and hashed once.
  const signingKey = deriveSigningKey(credential.secretKey, date, service);
  let matched = false;
  for (const canonical of candidates) {
    const expected = computeSignature({ secretKey: credential.secretKey, service, date, timestampSeconds: timestamp, canonicalRequest: canonical, signingKey });
    // No early exit: every candidate is compared, so timing does not reveal which one matched.
    matched = constantTimeEqual(expected, signature) || matched;
  }
  if (!matched) {
    throw new ApiError('AuthFailure.SignatureFailure', 'the provided credentials could not be validated; check the signature');
  }
  checkToken(credential, header(input.headers, 'x-tc-token'));
  return credential;
}

function checkToken(credential: CredentialSeed, sent: string | undefined): void {
  if (credential.token === null) {
    if (sent !== undefined && sent !== '') throw new ApiError('AuthFailure.TokenFailure', 'X-TC-Token was sent with permanent credentials');
    return;
  }
  if (sent === undefined || !constantTimeEqual(sent, credential.token)) {
    throw new ApiError('AuthFailure.TokenFailure', 'temporary credentials need their X-TC-Token');
  }
}

/**
 * Canonical requests the client may have signed: `host` as sent or without its port
 * (the SDK signs the hostname but sends the port), values as sent or lower-cased
 * (the spec says lower-case, most clients keep the case).
 */
function canonicalCandidates(input: VerifyRequestInput, signedHeaders: readonly string[], host: string, hostname: string): Set<string> {
  const { path: uri, query } = splitTarget(input.url);
  const candidates = new Set<string>();
  const payloadHash = sha256Hex(input.body);
  for (const hostValue of new Set([host, hostname])) {
    for (const lower of [false, true]) {
      const values: Record<string, string> = {};
      for (const name of signedHeaders) {
        const value = name === 'host' ? hostValue : header(input.headers, name);
        if (value === undefined) throw new ApiError('AuthFailure.SignatureFailure', `the signed header \`${name}\` was not sent`);
        values[name] = lower ? value.toLowerCase() : value;
      }
      candidates.add(canonicalRequest({ method: input.method, uri, query, headers: values, payload: input.body, payloadHash }));
    }
  }
  return candidates;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `127.0.0.1:4566` → `127.0.0.1`, `[::1]:4566` → `[::1]`. */
function stripPort(host: string): string {
  return host.replace(/:\d+$/, '');
}
