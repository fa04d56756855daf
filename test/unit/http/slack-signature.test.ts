import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../lib/function/http/replay-guard';
import { verifySlackSignature } from '../../../lib/function/http/slack-signature';
import { AppError } from '../../../lib/function/kernel/errors';

// The worked example of Slack's "Verifying requests from Slack" documentation. The signature
// below is the one the documentation states (reproduced independently with openssl).
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW_MS = Number(TIMESTAMP) * 1000;

const HEADERS = { 'x-slack-request-timestamp': TIMESTAMP, 'x-slack-signature': SIGNATURE };

function verify(overrides: { headers?: Record<string, string>; body?: string; secret?: string; nowMs?: number } = {}) {
  return verifySlackSignature({
    headers: overrides.headers ?? HEADERS,
    rawBody: overrides.body ?? BODY,
    signingSecret: overrides.secret ?? SIGNING_SECRET,
    nowMs: overrides.nowMs ?? NOW_MS,
  });
}

function expectRejected(result: true | AppError, message: RegExp): void {
  expect(result).toBeInstanceOf(AppError);
  const error = result as AppError;
  expect(error.code).toBe('Auth.Unauthenticated');
  expect(error.message).toMatch(message);
  expect(error.message).not.toContain(SIGNING_SECRET);
}

describe('verifySlackSignature', () => {
  it("accepts the worked example of Slack's documentation", () => {
    expect(verify()).toBe(true);
  });

  it('accepts the example with title-case header names', () => {
    const headers = { 'X-Slack-Request-Timestamp': TIMESTAMP, 'X-Slack-Signature': SIGNATURE };
    expect(verify({ headers })).toBe(true);
  });

  it('accepts a request up to 300 s old or ahead', () => {
    expect(verify({ nowMs: NOW_MS + 300_000 })).toBe(true);
    expect(verify({ nowMs: NOW_MS - 300_000 })).toBe(true);
  });

  it('rejects a request 301 s old as stale', () => {
    expectRejected(verify({ nowMs: NOW_MS + 301_000 }), /stale/i);
  });

  it('rejects a request timestamped 301 s in the future as stale', () => {
    expectRejected(verify({ nowMs: NOW_MS - 301_000 }), /stale/i);
  });

  it('rejects the example checked with another signing secret', () => {
    expectRejected(verify({ secret: '8f742231b10e8888abcd99yyyzzz85a6' }), /bad slack signature/i);
  });

  it('rejects the example body changed by one byte', () => {
    expectRejected(verify({ body: BODY.replace('text=', 'text=x') }), /bad slack signature/i);
    expectRejected(verify({ body: BODY.replace('roadrunner', 'roadrunnes') }), /bad slack signature/i);
  });

  it('rejects a signature with a valid prefix followed by garbage', () => {
    expectRejected(verify({ headers: { ...HEADERS, 'x-slack-signature': `${SIGNATURE}zz` } }), /bad slack signature/i);
  });

  it('rejects a signature of the wrong length', () => {
    expectRejected(verify({ headers: { ...HEADERS, 'x-slack-signature': SIGNATURE.slice(0, -2) } }), /bad slack signature/i);
  });

  it('rejects a non-hex signature', () => {
    expectRejected(verify({ headers: { ...HEADERS, 'x-slack-signature': `v0=${'g'.repeat(64)}` } }), /bad slack signature/i);
  });

  it.each([
    ['the timestamp', { 'x-slack-signature': SIGNATURE }],
    ['the signature', { 'x-slack-request-timestamp': TIMESTAMP }],
  ])('rejects a request without %s header as missing', (_name, headers: Record<string, string>) => {
    expectRejected(verify({ headers }), /missing/i);
  });

  it('rejects garbled headers as malformed', () => {
    expectRejected(verify({ headers: { ...HEADERS, 'x-slack-request-timestamp': 'yesterday' } }), /malformed/i);
    expectRejected(verify({ headers: { ...HEADERS, 'x-slack-signature': SIGNATURE.replace('v0=', 'v1=') } }), /malformed/i);
  });

  it('rejects a replayed request when given a replay guard', () => {
    const replay = createReplayGuard({ windowMs: 600_000 });
    const input = { headers: HEADERS, rawBody: BODY, signingSecret: SIGNING_SECRET, nowMs: NOW_MS, replay };
    expect(verifySlackSignature(input)).toBe(true);
    expectRejected(verifySlackSignature({ ...input, nowMs: NOW_MS + 5_000 }), /replayed/i);
  });

  it('checks the base string exactly as v0:<timestamp>:<body>', () => {
    const body = 'text=hello';
    const digest = createHmac('sha256', SIGNING_SECRET).update(`v0:${TIMESTAMP}:${body}`).digest('hex');
    expect(verify({ body, headers: { ...HEADERS, 'x-slack-signature': `v0=${digest}` } })).toBe(true);
  });
});
