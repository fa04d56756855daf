import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialSeed } from '../seed';
import { CosError } from './cos-error';

/**
 * The emulator's own check of COS's q-sign Authorization (COS doc 436/7778), written apart from the
 * function's signer on purpose: if one of them misreads the doc, the tests between them fail.
 */

/** "本地时间与服务器时间相差过大，超过15分钟" → 403 RequestTimeTooSkewed (COS doc 436/7730). */
export const COS_MAX_SKEW_MS = 15 * 60 * 1000;

export interface CosAuthInput {
  readonly method: string;
  /** The URL-decoded path, leading `/` (`/ledger/a b`). */
  readonly path: string;
  /** Decoded query parameters as received (a parameter without `=` has the value `''`). */
  readonly query: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly credentials: ReadonlyMap<string, CredentialSeed>;
  /** Wall clock, ms. */
  readonly now: number;
}

const FIELDS = ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature'] as const;
type Field = (typeof FIELDS)[number];

/** UTF-8 bytes; everything but A-Z a-z 0-9 - _ . ~ becomes %XX with upper-case hex (COS doc 436/7778, "Preparations"). */
function urlEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function parseAuthorization(value: string | undefined): Record<Field, string> {
  if (value === undefined || value === '')
    throw new CosError('AccessDenied', 'the request is not signed (no Authorization header); the bucket does not allow anonymous access');
  const fields = new Map<string, string>();
  for (const part of value.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const missing = FIELDS.filter((f) => !fields.has(f));
  if (missing.length > 0) throw new CosError('AccessDenied', `the Authorization is missing ${missing.join(', ')}`);
  return Object.fromEntries(FIELDS.map((f) => [f, fields.get(f) ?? ''])) as Record<Field, string>;
}

function parseKeyTime(text: string, field: string): [number, number] {
  const match = /^(\d{1,12});(\d{1,12})$/.exec(text);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (match === null || start > end) throw new CosError('AccessDenied', `${field} is not "<start>;<end>" in Unix seconds`);
  return [start, end];
}

/** One header's value as Node hands it (repeated headers joined). */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The `name=value&…` line of the listed (encoded, lower-case) names, from the request's own values. */
function signedLine(listed: string, actual: ReadonlyMap<string, string>, what: string): string {
  if (listed === '') return '';
  const byEncodedName = new Map<string, string>();
  for (const [name, value] of actual) byEncodedName.set(urlEncode(name).toLowerCase(), value);
  const names = listed.split(';');
  const sorted = [...names].sort();
  if (names.some((name, i) => name !== sorted[i] || name === names[i - 1])) {
    throw new CosError('SignatureDoesNotMatch', `the ${what} list must be sorted, without repeats: ${listed}`);
  }
  return names
    .map((name) => {
      const value = byEncodedName.get(name);
      if (value === undefined) throw new CosError('SignatureDoesNotMatch', `the signed ${what} \`${name}\` was not sent`);
      return `${name}=${urlEncode(value)}`;
    })
    .join('&');
}

const sameText = (a: string, b: string): boolean => {
  const [x, y] = [Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')];
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Returns the caller's credentials, or throws the 403 COS would answer: AccessDenied (unsigned or
 * malformed), InvalidAccessKeyId, RequestTimeTooSkewed, ExpiredToken, SignatureDoesNotMatch.
 */
export function verifyCosRequest(input: CosAuthInput): CredentialSeed {
  const auth = parseAuthorization(headerValue(input.headers, 'authorization'));
  if (auth['q-sign-algorithm'] !== 'sha1') throw new CosError('AccessDenied', 'q-sign-algorithm must be sha1');
  const credential = input.credentials.get(auth['q-ak']);
  if (credential === undefined) throw new CosError('InvalidAccessKeyId', 'the SecretId (q-ak) does not exist');
  const [start, end] = parseKeyTime(auth['q-sign-time'], 'q-sign-time');
  parseKeyTime(auth['q-key-time'], 'q-key-time');
  // A window more than 15 minutes away from now is the signer's clock; one that just ended has expired.
  if (start * 1000 > input.now + COS_MAX_SKEW_MS || end * 1000 < input.now - COS_MAX_SKEW_MS) {
    throw new CosError('RequestTimeTooSkewed', 'the signature time is more than 15 minutes away from the server time');
  }
  if (end * 1000 < input.now) throw new CosError('ExpiredToken', 'the signature (q-sign-time) has expired');

  const headers = new Map<string, string>();
  for (const name of Object.keys(input.headers)) {
    const value = headerValue(input.headers, name);
    if (value !== undefined) headers.set(name, value);
  }
  const httpString = [
    input.method.toLowerCase(),
    input.path,
    signedLine(auth['q-url-param-list'], input.query, 'parameter'),
    signedLine(auth['q-header-list'], headers, 'header'),
    '',
  ].join('\n');
  const signKey = createHmac('sha1', credential.secretKey).update(auth['q-key-time']).digest('hex');
  const stringToSign = `sha1\n${auth['q-sign-time']}\n${createHash('sha1').update(httpString).digest('hex')}\n`;
  const expected = createHmac('sha1', signKey).update(stringToSign).digest('hex');
  if (!sameText(expected, auth['q-signature'])) {
    throw new CosError('SignatureDoesNotMatch', 'the request signature we calculated does not match the signature you provided');
  }

  // Temporary credentials: "specify x-cos-security-token as a request header" (COS doc 436/7778).
  const token = headerValue(input.headers, 'x-cos-security-token');
  if (credential.token === null) {
    if (token !== undefined && token !== '') throw new CosError('InvalidAccessKeyId', 'x-cos-security-token was sent with permanent credentials');
  } else if (token === undefined || !sameText(token, credential.token)) {
    throw new CosError('InvalidAccessKeyId', 'temporary credentials need their x-cos-security-token');
  }
  return credential;
}
