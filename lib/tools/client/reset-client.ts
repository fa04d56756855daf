/**
 * A `v1`-signed `POST /reset` (or `POST /release`) from scripts and ChatOps bots. The body is
 * serialised exactly once and those same bytes are signed and sent: re-serialising could reorder
 * or re-space it and break the signature.
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
  return signedPost(resetUrl(url), key, request, fetchImpl, nowMs);
}

/** The `POST /release` body: escalated instances a human lets be reset again. */
export interface ReleaseBody {
  instanceIds: readonly string[];
  reason: string;
  requestedBy?: string;
}

export interface CallReleaseOptions extends Omit<CallResetOptions, 'request'> {
  request: Readonly<ReleaseBody>;
}

/** Signs and sends one release (the same signature as a reset request); rejects only when it cannot be sent at all. */
export async function callRelease({ url, key, request, fetchImpl = fetch, nowMs = Date.now() }: CallReleaseOptions): Promise<CallResetResult> {
  return signedPost(releaseUrl(url), key, request, fetchImpl, nowMs);
}

/** One v1-signed POST of `body` to `url`. */
async function signedPost(url: string, key: string, body: unknown, fetchImpl: FetchLike, nowMs: number): Promise<CallResetResult> {
  const rawBody = JSON.stringify(body);
  const timestamp = Math.floor(nowMs / 1000);
  const response = await fetchImpl(url, {
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
  const parsed = parseBase(base);
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith('/reset') ? path : `${path}/reset`;
  return parsed.toString();
}

/**
 * `<base>/release`; a base that ends in `/reset` (the reset route's URL) has it replaced. A base
 * ending in `/release` is taken as the stage of a deployed URL (`https://…/release`): the function
 * routes by the last segment, so `…/release/release` reaches the route either way.
 */
export function releaseUrl(base: string): string {
  const parsed = parseBase(base);
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/reset$/, '');
  parsed.pathname = `${path}/release`;
  return parsed.toString();
}

function parseBase(base: string): URL {
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
  return parsed;
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
