import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signV1 } from '../../../lib/function/http/v1-signature';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadObject } from '../../support/fixtures';
import { DEMO_KEYS, type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

/**
 * The fixtures carry a placeholder signature from 2023: each test signs the fixture's own body
 * again, now, with the demo key, writing the headers in the fixture's own letter case.
 */
function resign(event: Record<string, unknown>, key: string = DEMO_KEYS[0]): Record<string, unknown> {
  const headers = { ...(event['headers'] as Record<string, string>) };
  const body = String(event['body'] ?? '');
  const raw = event['isBase64Encoded'] === true ? Buffer.from(body, 'base64').toString('utf8') : body;
  const ts = Math.floor(Date.now() / 1000);
  const name = (lower: string) => Object.keys(headers).find((h) => h.toLowerCase() === lower) ?? lower;
  headers[name('x-reset-timestamp')] = String(ts);
  headers[name('x-reset-signature')] = signV1(key, ts, raw);
  return { ...event, headers };
}

describe('API Gateway and function URL trigger, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('resets on a real-shaped API Gateway event with lower-case headers and names the API request id', async () => {
    const r = httpAnswer(await fut.invoke(resign(loadObject('api-gateway', 'reset-lowercase-headers'))));
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ type: 'reset.accepted', results: [{ instanceId: 'ein-aaaaaaaa', status: 'accepted', code: 'Accepted' }] });
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([expect.objectContaining({ InstanceIdSet: ['ein-aaaaaaaa'] })]);
    const [msg, ...more] = fut.messages();
    expect(more).toEqual([]);
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    expect(msg).toMatchObject({
      type: 'reset.accepted',
      id: r.body['id'],
      trigger: { kind: 'http', id: '23a1b77297ab9167d5aa049021f6555d' },
      request: { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full, reinstall', requestedBy: 'http:key-1' },
    });
  });

  it('reads the documented sample with capitalised headers under a stage prefix (/release/reset)', async () => {
    const r = httpAnswer(await fut.invoke(resign(loadObject('api-gateway', 'doc-sample-uppercase-headers'))));
    expect(r.status).toBe(202);
    expect(fut.messages()[0]).toMatchObject({ type: 'reset.accepted', trigger: { kind: 'http', id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' } });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
  });

  it('accepts a function URL event and takes its id from x-scf-request-id', async () => {
    const r = httpAnswer(await fut.invoke(resign(loadObject('api-gateway', 'function-url'))));
    expect(r.status).toBe(202);
    expect(fut.messages()[0]).toMatchObject({ trigger: { kind: 'http', id: '5b1d7a3e-1f0b-4d5e-9d7a-2c0f4b8e6a11' } });
  });

  it('decodes a base64 body before checking the signature and reading the request', async () => {
    const r = httpAnswer(await fut.invoke(resign(loadObject('api-gateway', 'base64-body'))));
    expect(r.status).toBe(202);
    expect(fut.messages()[0]).toMatchObject({ request: { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full, reinstall' } });
  });

  it('signed with the second key of the rotation set, the caller is key-2', async () => {
    const r = httpAnswer(await fut.invoke(resign(loadObject('api-gateway', 'reset-lowercase-headers'), DEMO_KEYS[1])));
    expect(r.status).toBe(202);
    expect(fut.messages()[0]).toMatchObject({ request: { requestedBy: 'http:key-2' } });
  });

  it('a requestedBy the caller writes is kept beside the key that signed, so a key holder cannot pass as someone else', async () => {
    const r = httpAnswer(
      await fut.invoke(
        signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'spoof', requestedBy: 'slack:alice (UOK)', dryRun: true }, { key: DEMO_KEYS[1] }),
      ),
    );
    expect(r.status).toBe(202);
    expect(fut.messages()[0]).toMatchObject({ type: 'reset.dry-run', request: { requestedBy: 'slack:alice (UOK) (via http:key-2)' } });
  });

  it('a body nested 30,000 deep with an idempotencyKey is a 400 like any invalid body, not a crash', async () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const raw = `{"instanceIds":["ein-aaaaaaaa"],"reason":"deep","idempotencyKey":"k1","x":${deep}}`;
    const r = httpAnswer(await fut.invoke(signedResetEvent(null, { raw })));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ type: 'reset.rejected', error: { code: 'Request.Invalid' } });
    expect(fut.messages()).toHaveLength(1);
    expect(fut.calls('ResetInstances')).toHaveLength(0);
  });

  it('answers 401 to the fixture as captured (stale placeholder signature), publishing nothing and calling no ECM API', async () => {
    const r = httpAnswer(await fut.invoke(loadObject('api-gateway', 'reset-lowercase-headers')));
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: { code: 'Auth.Unauthenticated' } });
    expect(fut.messages()).toEqual([]);
    expect(fut.calls().filter((c) => c.action !== 'GetSecretValue')).toEqual([]);
  });

  it('answers 401 to a replay of the same signed request without a second reset', async () => {
    const event = resign(loadObject('api-gateway', 'reset-lowercase-headers'));
    expect(httpAnswer(await fut.invoke(event)).status).toBe(202);
    expect(httpAnswer(await fut.invoke(event)).status).toBe(401);
    expect(fut.calls('ResetInstances')).toHaveLength(1);
  });

  it('answers GET /health with 200 and no cloud call', async () => {
    const r = httpAnswer(await fut.invoke(loadObject('api-gateway', 'health-get')));
    expect(r).toEqual({ status: 200, body: { status: 'ok' } });
    expect(fut.calls()).toEqual([]);
  });

  it('answers an unknown route with 404 and a wrong method with 405, as JSON without a stack', async () => {
    const notFound = await fut.invoke({ ...loadObject('api-gateway', 'health-get'), path: '/nope' });
    expect(httpAnswer(notFound)).toMatchObject({ status: 404, body: { error: { code: 'Route.NotFound' } } });
    const wrongMethod = await fut.invoke({ ...loadObject('api-gateway', 'health-get'), path: '/reset' });
    expect(httpAnswer(wrongMethod)).toMatchObject({ status: 405, body: { error: { code: 'Route.MethodNotAllowed' } } });
    expect(JSON.stringify([notFound, wrongMethod])).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
