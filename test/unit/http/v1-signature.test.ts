import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../../lib/function/http/http-status';
import type { ReplayGuard } from '../../../lib/function/http/replay-guard';
import { createReplayGuard } from '../../../lib/function/http/replay-guard';
import { signV1, V1_REPLAY_WINDOW_MS, verifyV1 } from '../../../lib/function/http/v1-signature';
import { AppError } from '../../../lib/function/kernel/errors';

const KEY_A = 'test-key-0123456789abcdef';
const KEY_B = 'second-key-fedcba9876543210';
const KEYS = [KEY_A, KEY_B];
const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
const BODY = '{"instanceIds":["ein-aaaaaaaa"],"reason":"disk full"}';

const headersFor = (key: string, timestamp = NOW_S, body = BODY): Record<string, string> => ({
  'x-reset-timestamp': String(timestamp),
  'x-reset-signature': signV1(key, timestamp, body),
});

const freshGuard = (): ReplayGuard => createReplayGuard({ windowMs: V1_REPLAY_WINDOW_MS });

function verify(headers: Record<string, string>, options: { body?: string; nowMs?: number; replay?: ReplayGuard } = {}) {
  return verifyV1({
    headers,
    rawBody: options.body ?? BODY,
    keys: KEYS,
    nowMs: options.nowMs ?? NOW_MS,
    replay: options.replay ?? freshGuard(),
  });
}

function expectRejected(result: ReturnType<typeof verifyV1>, message: RegExp): AppError {
  expect(result).toBeInstanceOf(AppError);
  const error = result as AppError;
  expect(error.code).toBe('Auth.Unauthenticated');
  expect(errorStatus(error)).toBe(401);
  expect(error.message).toMatch(message);
  // Nothing secret, and not the signature the server expected either.
  for (const secret of [KEY_A, KEY_B, signV1(KEY_A, NOW_S, BODY).slice(3), signV1(KEY_B, NOW_S, BODY).slice(3)]) {
    expect(error.message).not.toContain(secret);
  }
  return error;
}

describe('signV1', () => {
  it('produces the HMAC-SHA256 of "v1:<timestamp>:<body>" that openssl computes', () => {
    // printf 'v1:%s:%s' 1700000000 "$BODY" | openssl dgst -sha256 -hmac "$KEY" -hex
    expect(signV1(KEY_A, NOW_S, BODY)).toBe('v1=d42bf0e0167c71d832a424f94c131cad6d2c77f38bc53103158150ac5c7ffad8');
  });
});

describe('verifyV1', () => {
  it('accepts a request signed with the first key of the rotation set', () => {
    const result = verify(headersFor(KEY_A));
    expect(result).toEqual({ ok: true, keyIndex: 0, signature: signV1(KEY_A, NOW_S, BODY).slice(3) });
  });

  it('accepts a request signed with the second key of the rotation set', () => {
    expect(verify(headersFor(KEY_B))).toMatchObject({ ok: true, keyIndex: 1 });
  });

  it('accepts header names in any letter case', () => {
    const headers = { 'X-Reset-Timestamp': String(NOW_S), 'X-Reset-Signature': signV1(KEY_A, NOW_S, BODY) };
    expect(verify(headers)).toMatchObject({ ok: true });
  });

  it('accepts a timestamp exactly 300 s behind or ahead of the server clock', () => {
    expect(verify(headersFor(KEY_A, NOW_S - 300))).toMatchObject({ ok: true });
    expect(verify(headersFor(KEY_A, NOW_S + 300))).toMatchObject({ ok: true });
  });

  it('rejects a timestamp 301 s in the past as stale', () => {
    expectRejected(verify(headersFor(KEY_A, NOW_S - 301)), /stale/i);
  });

  it('rejects a timestamp 301 s in the future as stale', () => {
    expectRejected(verify(headersFor(KEY_A, NOW_S + 301)), /stale/i);
  });

  it('rejects a timestamp far in the future', () => {
    expectRejected(verify(headersFor(KEY_A, NOW_S + 86_400 * 365)), /stale/i);
  });

  it('rejects a signature replayed inside the window', () => {
    const replay = freshGuard();
    expect(verify(headersFor(KEY_A), { replay })).toMatchObject({ ok: true });
    expectRejected(verify(headersFor(KEY_A), { replay, nowMs: NOW_MS + 1_000 }), /replayed/i);
  });

  it('rejects a replay whose hex digits were re-cased', () => {
    const replay = freshGuard();
    const headers = headersFor(KEY_A);
    expect(verify(headers, { replay })).toMatchObject({ ok: true });
    const recased = { ...headers, 'x-reset-signature': `v1=${headers['x-reset-signature']!.slice(3).toUpperCase()}` };
    expectRejected(verify(recased, { replay }), /replayed/i);
  });

  it('rejects a replay of a future-dated signature after its first 300 s', () => {
    // Signed 300 s ahead: still fresh 400 s after first use, so the guard must remember it that long.
    const replay = freshGuard();
    const headers = headersFor(KEY_A, NOW_S + 300);
    expect(verify(headers, { replay })).toMatchObject({ ok: true });
    expectRejected(verify(headers, { replay, nowMs: NOW_MS + 400_000 }), /replayed/i);
  });

  it('rejects a signature made with a key outside the rotation set', () => {
    expectRejected(verify(headersFor('some-other-key-0123456789')), /bad signature/i);
  });

  it('rejects everything when the rotation set is empty', () => {
    const result = verifyV1({ headers: headersFor(KEY_A), rawBody: BODY, keys: [], nowMs: NOW_MS, replay: freshGuard() });
    expectRejected(result, /bad signature/i);
  });

  it('rejects a body changed by one byte', () => {
    const changed = BODY.replace('ein-aaaaaaaa', 'ein-aaaaaaab');
    expect(changed).toHaveLength(BODY.length);
    expectRejected(verify(headersFor(KEY_A), { body: changed }), /bad signature/i);
  });

  it('rejects a timestamp header changed after signing', () => {
    const headers = { ...headersFor(KEY_A), 'x-reset-timestamp': String(NOW_S + 1) };
    expectRejected(verify(headers), /bad signature/i);
  });

  it.each([
    ['no headers at all', {}],
    ['the timestamp header missing', { 'x-reset-signature': signV1(KEY_A, NOW_S, BODY) }],
    ['the signature header missing', { 'x-reset-timestamp': String(NOW_S) }],
    ['an empty signature header', { 'x-reset-timestamp': String(NOW_S), 'x-reset-signature': '' }],
  ])('rejects a request with %s as missing', (_name, headers: Record<string, string>) => {
    expectRejected(verify(headers), /missing/i);
  });

  it.each(['abc', '1.7e9', '-1700000000', '1700000000.5', '1700000000000000'])('rejects the garbled timestamp %j as malformed', (timestamp) => {
    const headers = { 'x-reset-timestamp': timestamp, 'x-reset-signature': signV1(KEY_A, NOW_S, BODY) };
    expectRejected(verify(headers), /malformed/i);
  });

  it('rejects a signature without the v1= scheme as malformed', () => {
    const bare = signV1(KEY_A, NOW_S, BODY).slice(3);
    expectRejected(verify({ 'x-reset-timestamp': String(NOW_S), 'x-reset-signature': bare }), /malformed/i);
    expectRejected(verify({ 'x-reset-timestamp': String(NOW_S), 'x-reset-signature': `v0=${bare}` }), /malformed/i);
  });

  it('rejects a non-hex signature of the right length', () => {
    const headers = { 'x-reset-timestamp': String(NOW_S), 'x-reset-signature': `v1=${'zz'.repeat(32)}` };
    expectRejected(verify(headers), /bad signature/i);
  });

  it('rejects a valid signature followed by non-hex garbage', () => {
    // Buffer.from(hex) would stop at "zz" and compare only the valid prefix.
    const headers = { ...headersFor(KEY_A), 'x-reset-signature': `${signV1(KEY_A, NOW_S, BODY)}zz` };
    expectRejected(verify(headers), /bad signature/i);
  });

  it.each([
    ['one digit short', (hex: string) => hex.slice(0, -1)],
    ['one byte short', (hex: string) => hex.slice(0, -2)],
    ['one byte long', (hex: string) => `${hex}00`],
    ['empty', () => ''],
  ])('rejects a signature of the wrong length (%s) as a mismatch', (_name, mangle) => {
    const hex = signV1(KEY_A, NOW_S, BODY).slice(3);
    const headers = { 'x-reset-timestamp': String(NOW_S), 'x-reset-signature': `v1=${mangle(hex)}` };
    expectRejected(verify(headers), /bad signature/i);
  });

  it('records nothing in the replay guard for a request that failed verification', () => {
    const recorded: string[] = [];
    const replay: ReplayGuard = {
      seen: (signature) => {
        recorded.push(signature);
        return false;
      },
    };
    verify(headersFor('some-other-key-0123456789'), { replay });
    verify(headersFor(KEY_A, NOW_S - 301), { replay });
    verify({}, { replay });
    expect(recorded).toEqual([]);
    verify(headersFor(KEY_A), { replay });
    expect(recorded).toEqual([signV1(KEY_A, NOW_S, BODY).slice(3)]);
  });
});
