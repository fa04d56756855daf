import { createHmac } from 'node:crypto';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER } from '../../function/http/slack-signature';
import { signV1, V1_SIGNATURE_HEADER, V1_TIMESTAMP_HEADER } from '../../function/http/v1-signature';
import type { DemoKeys } from './demo-keys';

/** Slack's v0 signature of a request body at `timestampSeconds` ("Verifying requests from Slack"). */
export function signSlackV0(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`, 'utf8').digest('hex')}`;
}

/** The route an HTTP event (function URL or API Gateway) is for: the last path segment; null for other events. */
export function httpRouteOf(event: unknown): string | null {
  if (typeof event !== 'object' || event === null || Array.isArray(event) || !('httpMethod' in event) || !('path' in event)) return null;
  return String(event.path).replace(/\/+$/, '').split('/').pop() ?? '';
}

/**
 * `--sign`: an HTTP event (function URL or API Gateway) as a caller holding the demo keys would send
 * it now. Fixtures are captured once, so their signatures are long stale and their alarm token a
 * placeholder: `POST …/reset` gets fresh v1 headers (in the event's own header letter case) over its
 * decoded body, `POST …/slack` Slack's v0 headers with the signing secret, `POST …/alarm` gets
 * `?token=<caller key>`. Anything else is returned unchanged. Throws when the key it needs is missing.
 */
export function signHttpEvent(event: unknown, keys: DemoKeys, nowSeconds: number): unknown {
  const route = httpRouteOf(event);
  if (route === null || !['reset', 'slack', 'alarm'].includes(route)) return event;
  const e = event as Record<string, unknown>;
  const need = (key: string | null, what: string): string => {
    if (key === null) throw new Error(`--sign: ${what}`);
    return key;
  };
  if (route === 'alarm') {
    const token = need(keys.callerKey, 'RESET_AUTH_SECRET must name a secret of the seed holding caller keys');
    return { ...e, queryString: { ...(e['queryString'] as Record<string, unknown> | undefined), token } };
  }
  const headers: Record<string, unknown> = { ...(e['headers'] as Record<string, unknown> | undefined) };
  const body = typeof e['body'] === 'string' ? e['body'] : '';
  const base64 = e['isBase64Encoded'] === true || e['isBase64Encoded'] === 'true';
  const raw = base64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  const name = (lower: string) => Object.keys(headers).find((h) => h.toLowerCase() === lower) ?? lower;
  if (route === 'slack') {
    const secret = need(keys.slackSecret, 'RESET_SLACK_SECRET must name a secret of the seed holding the Slack signing secret');
    headers[name(SLACK_TIMESTAMP_HEADER)] = String(nowSeconds);
    headers[name(SLACK_SIGNATURE_HEADER)] = signSlackV0(secret, nowSeconds, raw);
  } else {
    const key = need(keys.callerKey, 'RESET_AUTH_SECRET must name a secret of the seed holding caller keys');
    headers[name(V1_TIMESTAMP_HEADER)] = String(nowSeconds);
    headers[name(V1_SIGNATURE_HEADER)] = signV1(key, nowSeconds, raw);
  }
  return { ...e, headers };
}
