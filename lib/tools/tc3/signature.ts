import { credentialScope, hmacSha256, sha256Hex, TC3_ALGORITHM, TC3_TERMINATOR, tc3Date } from './primitives';

/** `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<hex sha256(canonical request)>`. */
export function stringToSign(timestampSeconds: number, scope: string, canonical: string): string {
  return `${TC3_ALGORITHM}\n${timestampSeconds}\n${scope}\n${sha256Hex(canonical)}`;
}

/** SecretSigning = HMAC(HMAC(HMAC("TC3" + key, date), service), "tc3_request"). */
export function deriveSigningKey(secretKey: string, date: string, service: string): Buffer {
  const secretDate = hmacSha256(`TC3${secretKey}`, date);
  const secretService = hmacSha256(secretDate, service);
  return hmacSha256(secretService, TC3_TERMINATOR);
}

/** What a TC3 signature is computed from, once the canonical request is known. */
export interface SignatureInput {
  readonly secretKey: string;
  readonly service: string;
  readonly timestampSeconds: number;
  readonly canonicalRequest: string;
  /** Defaults to the UTC date of the timestamp; a verifier passes the date it was given. */
  readonly date?: string;
  /** deriveSigningKey(secretKey, date, service), when already derived for this request. */
  readonly signingKey?: Buffer;
}

/** The lower-case hex TC3 signature. */
export function computeSignature(input: SignatureInput): string {
  const date = input.date ?? tc3Date(input.timestampSeconds);
  const scope = credentialScope(date, input.service);
  const key = input.signingKey ?? deriveSigningKey(input.secretKey, date, input.service);
  return hmacSha256(key, stringToSign(input.timestampSeconds, scope, input.canonicalRequest)).toString('hex');
}
