import { createHash, createHmac } from 'node:crypto';

/**
 * COS request signature (q-sign-algorithm=sha1), COS doc 436/7778 "Request Signature". Pure: no
 * clock, no I/O; the caller chooses which headers and parameters to sign and the key time.
 */
export interface CosSignInput {
  readonly secretId: string;
  readonly secretKey: string;
  /** Any case; signed lower-case (`put`, `get`). */
  readonly method: string;
  /** The URL-decoded path with its leading `/` (`/exampleobject(腾讯云)`), as COS doc 436/7778 signs it. */
  readonly path: string;
  /** Decoded query parameters to sign; a parameter without a value is `''` (`/?acl` → `{ acl: '' }`). */
  readonly params: Readonly<Record<string, string>>;
  /** Header values as sent, names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Unix seconds. */
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/** Every intermediate value of COS doc 436/7778's steps 1–8, so tests can compare each one. */
export interface CosSignature {
  readonly keyTime: string;
  readonly signKey: string;
  readonly urlParamList: string;
  readonly httpParameters: string;
  readonly headerList: string;
  readonly httpHeaders: string;
  readonly httpString: string;
  readonly httpStringSha1: string;
  readonly stringToSign: string;
  readonly signature: string;
  /** The `Authorization` header value. */
  readonly authorization: string;
}

/**
 * UrlEncode as COS doc 436/7778 defines it: UTF-8, everything but `A-Z a-z 0-9 - _ . ~` encoded,
 * upper-case hex. encodeURIComponent leaves `!'()*` alone, so those are encoded by hand.
 */
export function cosUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');
const hmacSha1Hex = (key: string, text: string): string => createHmac('sha1', key).update(text, 'utf8').digest('hex');

/** Steps 3 and 4: keys encoded and lower-cased, values encoded, sorted by key. */
function canonicalPairs(entries: Readonly<Record<string, string>>): { list: string; joined: string } {
  const pairs = Object.entries(entries)
    .map(([key, value]): [string, string] => [cosUrlEncode(key).toLowerCase(), cosUrlEncode(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { list: pairs.map(([key]) => key).join(';'), joined: pairs.map(([key, value]) => `${key}=${value}`).join('&') };
}

/** All of COS doc 436/7778's steps, with their intermediate values. */
export function cosSignature(input: CosSignInput): CosSignature {
  // Step 1: KeyTime `start;end`; step 2: SignKey = HMAC-SHA1(SecretKey, KeyTime), hex.
  const keyTime = `${input.startSeconds};${input.endSeconds}`;
  const signKey = hmacSha1Hex(input.secretKey, keyTime);
  const params = canonicalPairs(input.params);
  const headers = canonicalPairs(input.headers);
  // Step 5: HttpString keeps the line breaks around empty parts (`get\n/o\n\n\n`).
  const httpString = `${input.method.toLowerCase()}\n${input.path}\n${params.joined}\n${headers.joined}\n`;
  const httpStringSha1 = sha1Hex(httpString);
  // Step 6: StringToSign; step 7: the key is SignKey's hex text, not its bytes.
  const stringToSign = `sha1\n${keyTime}\n${httpStringSha1}\n`;
  const signature = hmacSha1Hex(signKey, stringToSign);
  // Step 8: the fields in this order, joined by `&`.
  const authorization = [
    'q-sign-algorithm=sha1',
    `q-ak=${input.secretId}`,
    `q-sign-time=${keyTime}`,
    `q-key-time=${keyTime}`,
    `q-header-list=${headers.list}`,
    `q-url-param-list=${params.list}`,
    `q-signature=${signature}`,
  ].join('&');
  return {
    keyTime,
    signKey,
    urlParamList: params.list,
    httpParameters: params.joined,
    headerList: headers.list,
    httpHeaders: headers.joined,
    httpString,
    httpStringSha1,
    stringToSign,
    signature,
    authorization,
  };
}

/**
 * The `Authorization` header for a COS request.
 * @example
 * signCosRequest({ secretId, secretKey, method: 'GET', path: '/ledger/a', params: {}, headers: { host }, startSeconds, endSeconds })
 */
export function signCosRequest(input: CosSignInput): string {
  return cosSignature(input).authorization;
}
