import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV1 } from '../../../lib/function/http/v1-signature';
import { DEMO_KEYS, type FunctionUnderTest } from '../../support/function';
import { errorOf, expectUnauthenticated, http, mark, nowSeconds, resetsSince, signed, startGuarded } from '../../support/guard-support';

const BODY = { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' };

describe('POST /reset caller authentication (v1 HMAC)', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded();
  });
  afterAll(() => fut.close());

  it('refuses a request without signature headers with 401 and publishes nothing', async () => {
    const m = mark(fut);
    const event = signed(fut, BODY);
    event['headers'] = { 'content-type': 'application/json' };
    expectUnauthenticated(fut, m, await http(fut, event), /Missing signature/);
  });

  it('refuses a signature made with a key that is not in the rotation set', async () => {
    const m = mark(fut);
    const wrongKey = 'f'.repeat(64);
    expectUnauthenticated(fut, m, await http(fut, signed(fut, BODY, { key: wrongKey })), /Bad signature/);
  });

  it('refuses a body changed after signing (the signature covers the raw bytes)', async () => {
    const m = mark(fut);
    const event = signed(fut, BODY);
    event['body'] = JSON.stringify({ instanceIds: ['ein-bbbbbbbb'], reason: 'disk full' });
    expectUnauthenticated(fut, m, await http(fut, event), /Bad signature/);
  });

  it('refuses a signature over another timestamp than the header says', async () => {
    const m = mark(fut);
    const now = nowSeconds(fut);
    const event = signed(fut, BODY, { timestamp: now });
    (event['headers'] as Record<string, string>)['x-reset-timestamp'] = String(now - 1);
    expectUnauthenticated(fut, m, await http(fut, event), /Bad signature/);
  });

  it('refuses a stale timestamp (301 s old) with the window in the message', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, signed(fut, BODY, { timestamp: nowSeconds(fut) - 301 })), /Stale signature.*300 s/);
  });

  it('refuses a timestamp too far in the future', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, signed(fut, BODY, { timestamp: nowSeconds(fut) + 301 })), /Stale signature.*300 s/);
  });

  it('refuses malformed headers (not v1=, not unix seconds, truncated hex)', async () => {
    const now = nowSeconds(fut);
    const raw = JSON.stringify(BODY);
    const good = signV1(DEMO_KEYS[0], now, raw);
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'x-reset-timestamp': String(now), 'x-reset-signature': good.replace('v1=', 'v0=') }, /Malformed X-Reset-Signature/],
      [{ 'x-reset-timestamp': `${now}.5`, 'x-reset-signature': good }, /Malformed X-Reset-Timestamp/],
      [{ 'x-reset-timestamp': String(now), 'x-reset-signature': good.slice(0, 20) }, /Bad signature/],
    ];
    for (const [headers, message] of cases) {
      const m = mark(fut);
      const event = signed(fut, BODY);
      event['headers'] = { 'content-type': 'application/json', ...headers };
      expectUnauthenticated(fut, m, await http(fut, event), message);
    }
  });

  it('accepts either key of the rotation set, and refuses the same signature replayed within the window', async () => {
    const m = mark(fut);
    const event = signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'rotated key' }, { key: DEMO_KEYS[1] });
    const first = await http(fut, event);
    expect(first.status).toBe(202);
    expect(first.body['type']).toBe('reset.accepted');
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(
      fut
        .messages()
        .slice(m.messages)
        .map((x) => x['type']),
    ).toEqual(['reset.accepted']);
    expect(JSON.stringify(fut.messages().at(-1))).toContain('http:key-2');

    const m2 = mark(fut);
    // Well inside the 300 s window: the signed timestamp is whole seconds and real time passes
    // too, so 299 s could cross into "stale" on a slow machine.
    fut.clock.advance(290_000);
    const again = await http(fut, event);
    expectUnauthenticated(fut, m2, again, /Replayed request/);
  });

  it('header names are matched case-insensitively (API Gateway docs show Title-Case)', async () => {
    const m = mark(fut);
    const event = signed(fut, { instanceIds: ['ein-web00003'], reason: 'title case headers' });
    const h = event['headers'] as Record<string, string>;
    event['headers'] = {
      'Content-Type': 'application/json',
      'X-Reset-Timestamp': h['x-reset-timestamp'] ?? '',
      'X-Reset-Signature': h['x-reset-signature'] ?? '',
    };
    const r = await http(fut, event);
    expect(r.status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
  });

  it('401 answers name the problem, never the key or the expected signature', async () => {
    const event = signed(fut, BODY, { key: 'f'.repeat(64) });
    const r = await http(fut, event);
    expect(errorOf(r.body).code).toBe('Auth.Unauthenticated');
    const expected = signV1(DEMO_KEYS[0], nowSeconds(fut), JSON.stringify(BODY)).slice(3);
    const text = JSON.stringify([r, fut.logs]);
    for (const secret of [...DEMO_KEYS, expected]) expect(text).not.toContain(secret);
  });
});

describe('POST /reset when the caller keys cannot be read', () => {
  it('answers 503 with the code only: an unauthenticated caller learns no endpoint or upstream message; the log has them', async () => {
    const fut = await startGuarded();
    try {
      fut.emu.emulator.faults.add({ action: 'GetSecretValue', dropConnection: true, times: 20 });
      const m = mark(fut);
      const r = await http(fut, signed(fut, BODY));
      expect(r.status).toBe(503);
      expect(errorOf(r.body)).toEqual({
        code: 'Cloud.Unavailable',
        message: "the function could not complete the request (the details are in the function's log)",
      });
      expect(JSON.stringify(r.body)).not.toContain('127.0.0.1');
      expect(resetsSince(fut, m)).toHaveLength(0);
      expect(fut.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['event'] === 'http.error')).toMatchObject({
        route: 'reset',
        code: 'Cloud.Unavailable',
        message: expect.stringContaining('GetSecretValue') as unknown,
      });
    } finally {
      await fut.close();
    }
  });
});
