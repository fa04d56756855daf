import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { type FixtureTrigger, loadObject } from '../../support/fixtures';
import { DEMO_KEYS, type FunctionUnderTest, httpAnswer, startFunction } from '../../support/function';

/** `POST /alarm?token=<demo key>` carrying a Cloud Monitor callback body. */
function callback(body: unknown, token: string = DEMO_KEYS[0]): Record<string, unknown> {
  const event = loadObject('api-gateway', 'alarm-callback');
  return { ...event, queryString: { token }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

const fixture = (trigger: FixtureTrigger, name: string) => loadObject(trigger, name);

describe('Cloud Monitor alarm callback (POST /alarm?token=), end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('maps the ECM UUID through DescribeInstances (instance-uuid) and resets that instance', async () => {
    const event = { ...fixture('api-gateway', 'alarm-callback'), queryString: { token: DEMO_KEYS[1] } };
    const r = httpAnswer(await fut.invoke(event));
    expect(r).toEqual({
      status: 200,
      body: { sessionId: 'ecm-7Zq2hY1pWc9xK3', retCode: 0, outcome: { id: expect.stringMatching(/^rst-/), type: 'reset.accepted', code: null } },
    });
    const lookups = fut.calls('DescribeInstances').map((c) => c.params as { Filters?: { Name: string; Values: string[] }[] });
    expect(lookups.some((p) => p.Filters?.some((f) => f.Name === 'instance-uuid' && f.Values.includes('4ef19d31-3117-455c-ae8e-2029a07d8999')))).toBe(true);
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([expect.objectContaining({ InstanceIdSet: ['ein-aaaaaaaa'], KeepData: 'true' })]);
    const [msg] = fut.messages();
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    expect(msg).toMatchObject({
      type: 'reset.accepted',
      trigger: { kind: 'alarm', id: 'ecm-7Zq2hY1pWc9xK3' },
      request: { instanceIds: ['ein-aaaaaaaa'], reason: 'alarm: alarm policy ecm-cpu-stuck: CpuUsage', requestedBy: 'cloud-monitor-alarm' },
    });
  });

  it('fires on a numeric alarmStatus 1 naming an ein- id', async () => {
    const r = httpAnswer(await fut.invoke(callback(fixture('alarm', 'ecm-instance-firing-numeric-status'))));
    expect(r.body).toMatchObject({ sessionId: 'vuRH4ZlxBJSMNJHvNZhls9HY', retCode: 0, outcome: { type: 'reset.accepted' } });
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([expect.objectContaining({ InstanceIdSet: ['ein-bbbbbbbb'] })]);
  });

  it('acknowledges a recovery (alarmStatus "0") and ignores it: no reset, no message', async () => {
    const r = httpAnswer(await fut.invoke(callback(fixture('alarm', 'recovered'))));
    expect(r).toEqual({ status: 200, body: { sessionId: 'ecm-7Zq2hY1pWc9xK3', retCode: 0, outcome: { id: null, type: 'ignored', code: null } } });
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.messages()).toEqual([]);
  });

  it('refuses an alarm naming a CVM instance (ins-…): reset.rejected, no ECM call', async () => {
    const r = httpAnswer(await fut.invoke(callback(fixture('alarm', 'cvm-instance-with-objid'))));
    // retCode 0 stops Cloud Monitor's retries; `outcome` tells a person it was refused.
    expect(r.body).toMatchObject({ retCode: 0, outcome: { type: 'reset.rejected', code: 'Request.Invalid' } });
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.calls('DescribeInstances')).toEqual([]);
    expect(fut.messages()).toEqual([
      expect.objectContaining({
        type: 'reset.rejected',
        error: expect.objectContaining({ code: 'Request.Invalid', message: expect.stringContaining('ins-aoaaah55') }),
      }),
    ]);
  });

  it('rejects a UUID that is no ECM instance as not allowed (as it would a forbidden one)', async () => {
    const body = fixture('alarm', 'ecm-uuid-firing');
    (body['alarmObjInfo'] as { dimensions: Record<string, string> }).dimensions = { UUID: '00000000-0000-4000-8000-000000000000' };
    httpAnswer(await fut.invoke(callback(body)));
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.messages()).toEqual([expect.objectContaining({ type: 'reset.rejected', error: expect.objectContaining({ code: 'Guard.NotAllowed' }) })]);
  });

  it('treats Cloud Monitor re-sending the same alarm as one: one reset, one message, every attempt acknowledged', async () => {
    const body = fixture('alarm', 'ecm-uuid-firing');
    for (let i = 0; i < 3; i++) expect(httpAnswer(await fut.invoke(callback(body))).body).toMatchObject({ retCode: 0 });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(fut.messages()).toHaveLength(1);
  });

  it('answers 401 to a wrong or missing token and publishes nothing', async () => {
    const bad = httpAnswer(await fut.invoke(callback(fixture('alarm', 'ecm-uuid-firing'), 'not-a-key')));
    expect(bad).toMatchObject({ status: 401, body: { error: { code: 'Auth.Unauthenticated' } } });
    const missing = httpAnswer(await fut.invoke({ ...callback(fixture('alarm', 'ecm-uuid-firing')), queryString: {} }));
    expect(missing.status).toBe(401);
    expect(fut.messages()).toEqual([]);
    expect(fut.calls('ResetInstances')).toEqual([]);
  });

  it('publishes reset.rejected for a body that is not an alarm and still answers retCode 0', async () => {
    const r = httpAnswer(await fut.invoke(callback('{"hello":"world"}')));
    expect(r).toEqual({
      status: 200,
      body: { sessionId: '', retCode: 0, outcome: { id: expect.stringMatching(/^rst-/), type: 'reset.rejected', code: 'Request.Invalid' } },
    });
    expect(fut.messages()).toEqual([expect.objectContaining({ type: 'reset.rejected', trigger: { kind: 'alarm', id: null } })]);
  });
});
