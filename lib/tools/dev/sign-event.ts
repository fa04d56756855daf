import { signV1, V1_SIGNATURE_HEADER, V1_TIMESTAMP_HEADER } from '../../function/http/v1-signature';

/**
 * `npm run invoke -- --sign`: an API Gateway event as a caller holding `key` would send it now.
 * Fixtures are captured once, so their `X-Reset-Signature` is long stale and their alarm token a
 * placeholder: `POST …/reset` gets fresh v1 headers (in the event's own header letter case) over
 * its decoded body, `POST …/alarm` gets `?token=<key>`. Anything else is returned unchanged.
 */
export function signHttpEvent(event: unknown, key: string, nowSeconds: number): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event) || !('httpMethod' in event) || !('path' in event)) return event;
  const e = event as Record<string, unknown>;
  const route = String(e['path']).replace(/\/+$/, '').split('/').pop();
  if (route === 'alarm') return { ...e, queryString: { ...(e['queryString'] as Record<string, unknown> | undefined), token: key } };
  if (route !== 'reset') return event;
  const headers: Record<string, unknown> = { ...(e['headers'] as Record<string, unknown> | undefined) };
  const body = typeof e['body'] === 'string' ? e['body'] : '';
  const base64 = e['isBase64Encoded'] === true || e['isBase64Encoded'] === 'true';
  const raw = base64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  const name = (lower: string) => Object.keys(headers).find((h) => h.toLowerCase() === lower) ?? lower;
  headers[name(V1_TIMESTAMP_HEADER)] = String(nowSeconds);
  headers[name(V1_SIGNATURE_HEADER)] = signV1(key, nowSeconds, raw);
  return { ...e, headers };
}
