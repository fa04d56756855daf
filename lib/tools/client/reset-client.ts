/**
 * A `v1`-signed `POST /reset` from scripts and ChatOps bots. The body is serialised exactly once
 * and those same bytes are signed and sent: re-serialising could reorder or re-space it and
 * break the signature.
 */
import { signV1 } from '../../function/http/v1-signature';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface CallResetOptions {
  /** Base URL of the function (`https://…/release`) or its `/reset` route. */
  url: string;
  /** One key of `RESET_AUTH_SECRET`. Used only to sign; never logged or sent. */
  key: string;
  /** The `POST /reset` body. */
  request: Readonly<Record<string, unknown>>;
  fetchImpl?: FetchLike;
  nowMs?: number;
}

export interface CallResetResult {
  status: number;
  /** The parsed JSON answer, or the raw text when it is not JSON. */
  body: unknown;
}

/** Signs and sends one reset request; rejects only when the request cannot be sent at all. */
export async function callReset({ url, key, request, fetchImpl = fetch, nowMs = Date.now() }: CallResetOptions): Promise<CallResetResult> {
  const rawBody = JSON.stringify(request);
  const timestamp = Math.floor(nowMs / 1000);
  const response = await fetchImpl(resetUrl(url), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Reset-Timestamp': String(timestamp),
      'X-Reset-Signature': signV1(key, timestamp, rawBody),
    },
    body: rawBody,
  });
  const text = await response.text();
  return { status: response.status, body: parseJsonOrText(text) };
}

/** `<base>/reset`, whether or not the base already ends in `/reset` (query string kept). */
export function resetUrl(base: string): string {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    // The input is not echoed: a URL can carry credentials.
    throw new TypeError('Not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`Only http and https URLs are supported, got ${parsed.protocol}`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith('/reset') ? path : `${path}/reset`;
  return parsed.toString();
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
