import { buildAuthorization } from './authorization';
import { canonicalRequest } from './canonical-request';
import { tc3Date } from './primitives';
import { computeSignature } from './signature';

/** Everything needed to sign one API 3.0 request (a JSON POST, or a GET with its parameters in the query). */
export interface SignTc3RequestInput {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
  readonly action: string;
  readonly version: string;
  readonly region?: string;
  /** The credential-scope service, e.g. `ecm` (the SDK uses the endpoint's first DNS label). */
  readonly service: string;
  /** The Host header to send; it is signed as given. */
  readonly host: string;
  /** The exact body that will be sent (empty for GET). */
  readonly body: string;
  /** `POST` (default, what the SDK sends) or `GET`. */
  readonly method?: 'POST' | 'GET';
  /** The URL-encoded query string of a GET, without `?`, exactly as it will be sent. */
  readonly query?: string;
  /** Unix seconds. */
  readonly timestamp: number;
  /** Defaults to `application/json` (POST, as the SDK sends) or `application/x-www-form-urlencoded` (GET). */
  readonly contentType?: string;
}

/**
 * Signs a JSON POST the way API 3.0 expects and returns the headers to send
 * (`Host` included, so a fetch to an IP endpoint still signs the same host).
 *
 * @example
 * const headers = signTc3Request({ secretId, secretKey, action: 'DescribeInstances', version: '2019-07-19',
 *   service: 'ecm', host: '127.0.0.1:4566', body: '{}', timestamp: Math.floor(Date.now() / 1000) });
 * await fetch('http://127.0.0.1:4566/', { method: 'POST', headers, body: '{}' });
 */
export function signTc3Request(input: SignTc3RequestInput): Record<string, string> {
  const method = input.method ?? 'POST';
  const contentType = input.contentType ?? (method === 'GET' ? 'application/x-www-form-urlencoded' : 'application/json');
  const signed = { 'content-type': contentType, host: input.host };
  const canonical = canonicalRequest({ method, query: input.query ?? '', headers: signed, payload: input.body });
  const signature = computeSignature({
    secretKey: input.secretKey,
    service: input.service,
    timestampSeconds: input.timestamp,
    canonicalRequest: canonical,
  });
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    Host: input.host,
    'X-TC-Action': input.action,
    'X-TC-Version': input.version,
    'X-TC-Timestamp': String(input.timestamp),
    Authorization: buildAuthorization({
      secretId: input.secretId,
      date: tc3Date(input.timestamp),
      service: input.service,
      signedHeaders: Object.keys(signed),
      signature,
    }),
  };
  if (input.region !== undefined) headers['X-TC-Region'] = input.region;
  if (input.token !== undefined) headers['X-TC-Token'] = input.token;
  return headers;
}
