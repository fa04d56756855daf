import { TC3_ALGORITHM, TC3_TERMINATOR } from './primitives';

/** The parts of a TC3 `Authorization` header. */
export interface Tc3Authorization {
  readonly secretId: string;
  readonly date: string;
  readonly service: string;
  /** Lower-case header names in the order given. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export type ParseAuthorizationResult = { readonly ok: true; readonly value: Tc3Authorization } | { readonly ok: false; readonly reason: string };

/** Builds `TC3-HMAC-SHA256 Credential=…/date/service/tc3_request, SignedHeaders=…, Signature=…`. */
export function buildAuthorization(auth: Tc3Authorization): string {
  return (
    `${TC3_ALGORITHM} Credential=${auth.secretId}/${auth.date}/${auth.service}/${TC3_TERMINATOR}, ` +
    `SignedHeaders=${auth.signedHeaders.join(';')}, Signature=${auth.signature}`
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/**
 * Parses an `Authorization` header. Tolerates extra spaces around the commas
 * and any order of the three fields, as lenient HTTP stacks may rewrite them.
 */
export function parseAuthorization(header: string | undefined): ParseAuthorizationResult {
  if (header === undefined || header.trim() === '') return fail('the Authorization header is missing');
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== TC3_ALGORITHM) return fail(`the algorithm must be ${TC3_ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) return fail('the Authorization header is not a list of key=value fields');
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return fail('the Authorization header needs Credential, SignedHeaders and Signature');
  }
  const [secretId, date, service, terminator, ...rest] = credential.split('/');
  if (secretId === undefined || secretId === '' || date === undefined || service === undefined || service === '') {
    return fail('Credential must be SecretId/Date/service/tc3_request');
  }
  if (terminator !== TC3_TERMINATOR || rest.length > 0) return fail('Credential must end with /tc3_request');
  if (!DATE.test(date)) return fail('the credential scope date must be YYYY-MM-DD');
  const names = signedHeaders.split(';').map((name) => name.trim().toLowerCase());
  if (names.some((name) => name === '')) return fail('SignedHeaders has an empty header name');
  if (!HEX_SIGNATURE.test(signature)) return fail('Signature must be 64 lower-case hex characters');
  return { ok: true, value: { secretId, date, service, signedHeaders: names, signature } };
}

function fail(reason: string): ParseAuthorizationResult {
  return { ok: false, reason };
}
