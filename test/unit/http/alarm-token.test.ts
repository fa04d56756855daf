import { describe, expect, it } from 'vitest';
import { verifyAlarmToken } from '../../../lib/function/http/alarm-token';
import { AppError } from '../../../lib/function/kernel/errors';
import type { HttpRequest } from '../../../lib/function/triggers/http-request';

const KEY_A = 'test-key-0123456789abcdef';
const KEY_B = 'second-key-fedcba9876543210';
const KEYS = [KEY_A, KEY_B];

function request(parts: { query?: Record<string, string>; headers?: Record<string, string> } = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/alarm',
    headers: parts.headers ?? {},
    query: parts.query ?? {},
    rawBody: '{}',
    sourceIp: '203.0.113.7',
    requestId: null,
  };
}

const basic = (user: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

function expectRejected(result: true | AppError, message: RegExp): void {
  expect(result).toBeInstanceOf(AppError);
  const error = result as AppError;
  expect(error.code).toBe('Auth.Unauthenticated');
  expect(error.message).toMatch(message);
  for (const key of KEYS) expect(error.message).not.toContain(key);
}

describe('verifyAlarmToken', () => {
  it('accepts ?token= carrying a key', () => {
    expect(verifyAlarmToken(request({ query: { token: KEY_A } }), KEYS)).toBe(true);
  });

  it('accepts the second key of the rotation set', () => {
    expect(verifyAlarmToken(request({ query: { token: KEY_B } }), KEYS)).toBe(true);
  });

  it('accepts Basic auth whose password is a key, whatever the user name', () => {
    expect(verifyAlarmToken(request({ headers: basic('cloud-monitor', KEY_B) }), KEYS)).toBe(true);
  });

  it('accepts a password that itself contains a colon', () => {
    const key = 'with:colon-0123456789';
    expect(verifyAlarmToken(request({ headers: basic('cm', key) }), [key])).toBe(true);
  });

  it('rejects a callback without token or credentials as missing', () => {
    expectRejected(verifyAlarmToken(request(), KEYS), /missing/i);
    expectRejected(verifyAlarmToken(request({ query: { token: '' } }), KEYS), /missing/i);
  });

  it('rejects a wrong token', () => {
    expectRejected(verifyAlarmToken(request({ query: { token: 'not-the-key-0123456789' } }), KEYS), /bad alarm token/i);
  });

  it('rejects a token that is only a prefix of a key', () => {
    expectRejected(verifyAlarmToken(request({ query: { token: KEY_A.slice(0, -1) } }), KEYS), /bad alarm token/i);
  });

  it('rejects Basic auth with a wrong password', () => {
    expectRejected(verifyAlarmToken(request({ headers: basic('cm', 'wrong-password-0123') }), KEYS), /bad alarm token/i);
  });

  it('rejects Basic auth that carries the key as the user name instead of the password', () => {
    expectRejected(verifyAlarmToken(request({ headers: basic(KEY_A, 'x') }), KEYS), /bad alarm token/i);
  });

  it.each(['Bearer abc', 'Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`])(
    'rejects the malformed Authorization header %j',
    (authorization) => {
      expectRejected(verifyAlarmToken(request({ headers: { authorization } }), KEYS), /malformed/i);
    },
  );

  it('rejects everything when no key is configured', () => {
    expectRejected(verifyAlarmToken(request({ query: { token: KEY_A } }), []), /bad alarm token/i);
  });
});
