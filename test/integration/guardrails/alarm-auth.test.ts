import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEYS, type FunctionUnderTest } from '../../support/function';
import {
  alarmBody,
  alarmEvent,
  expectRefused,
  expectUnauthenticated,
  http,
  mark,
  messagesSince,
  resetsSince,
  startGuarded,
  UUID_DB1,
  UUID_WEB1,
} from '../../support/guard-support';

describe('POST /alarm: the callback token, and an alarm resets only the instance it names', () => {
  let fut: FunctionUnderTest;
  let n = 0;
  const session = () => `ecm-session-${++n}`;
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0' } });
  });
  afterAll(() => fut.close());
  beforeEach(() => fut.clock.advance(60_000));

  it('refuses a callback without a token with 401 and publishes nothing', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, alarmEvent(alarmBody(session()), {})), /Missing alarm token/);
  });

  it('refuses a wrong token', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, alarmEvent(alarmBody(session()), { token: 'x'.repeat(64) })), /Bad alarm token/);
  });

  it('refuses a token that is a prefix of a real key (the whole key must match)', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, alarmEvent(alarmBody(session()), { token: DEMO_KEYS[0].slice(0, 32) })), /Bad alarm token/);
  });

  it('refuses wrong Basic auth credentials', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, alarmEvent(alarmBody(session()), { basic: 'guess' })), /Bad alarm token/);
  });

  it('accepts the token as a query parameter or as the Basic auth password, and resets the instance of the UUID', async () => {
    for (const auth of [{ token: DEMO_KEYS[1] }, { basic: DEMO_KEYS[0] }]) {
      fut.clock.advance(60_000);
      const m = mark(fut);
      const r = await http(fut, alarmEvent(alarmBody(session()), auth));
      expect(r).toEqual({ status: 200, body: { sessionId: `ecm-session-${n}`, retCode: 0, outcome: expect.objectContaining({ type: 'reset.accepted' }) } });
      const resets = resetsSince(fut, m);
      expect(resets).toHaveLength(1);
      expect(resets[0]?.params).toMatchObject({ InstanceIdSet: ['ein-aaaaaaaa'], KeepData: 'true' });
      expect(
        fut
          .messages()
          .slice(m.messages)
          .map((x) => x['type']),
      ).toEqual(['reset.accepted']);
    }
  });

  it('ignores instance ids or options smuggled into the alarm body: only the named instance, data kept', async () => {
    const m = mark(fut);
    const body = alarmBody(
      session(),
      { UUID: '4ef19d31-3117-455c-ae8e-2029a07d8999' },
      { instanceIds: ['ein-bbbbbbbb', 'ein-web00003'], keepData: false, imageId: 'img-cccccccc' },
    );
    const r = await http(fut, alarmEvent(body));
    expect(r.status).toBe(200);
    const resets = resetsSince(fut, m);
    expect(resets).toHaveLength(1);
    expect(resets[0]?.params).toEqual(expect.objectContaining({ InstanceIdSet: ['ein-aaaaaaaa'], KeepData: 'true' }));
    expect(resets[0]?.params).not.toHaveProperty('ImageId');
  });

  it('an authenticated alarm for an instance outside RESET_ALLOW is refused and published', async () => {
    const m = mark(fut);
    const r = await http(fut, alarmEvent(alarmBody(session(), { UUID: UUID_DB1 })));
    // Cloud Monitor only reads retCode (0: stop retrying); the answer's outcome and the topic say it was refused.
    expect(r).toMatchObject({ status: 200, body: { retCode: 0, outcome: { type: 'reset.rejected', code: 'Guard.NotAllowed' } } });
    expect(JSON.stringify(r.body)).not.toContain('ein-db000001');
    // The refusal names the UUID it was given, not the instance behind it.
    expectRefused(fut, m, 'Guard.NotAllowed', new RegExp(`not allowed to reset the instance with UUID ${UUID_DB1} \\(RESET_ALLOW\\)`));
    expect(JSON.stringify(messagesSince(fut, m))).not.toContain('ein-db000001');
  });

  it('an alarm naming a UUID that is no ECM instance is refused exactly like a forbidden one (a token does not tell what exists)', async () => {
    const m = mark(fut);
    await http(fut, alarmEvent(alarmBody(session(), { UUID: '00000000-0000-4000-8000-000000000000' })));
    expectRefused(fut, m, 'Guard.NotAllowed', /not allowed to reset the instance with UUID 00000000-0000-4000-8000-000000000000 \(RESET_ALLOW\)/);
  });

  it('an alarm whose dimensions name an allowed instance and the UUID of another is refused, nothing reset', async () => {
    const m = mark(fut);
    // Both allowed (UUID_WEB1 is ein-aaaaaaaa's), but not the same machine.
    await http(fut, alarmEvent(alarmBody(session(), { unInstanceId: 'ein-bbbbbbbb', UUID: UUID_WEB1 })));
    expectRefused(fut, m, 'Request.Invalid', /name ein-bbbbbbbb and UUID .* which are not the same instance/);
  });

  it('an alarm from another product (a CVM ins- id) is refused as invalid', async () => {
    const m = mark(fut);
    await http(fut, alarmEvent(alarmBody(session(), { InstanceId: 'ins-abcdefgh' })));
    expectRefused(fut, m, 'Request.Invalid', /CVM instance ins-abcdefgh/);
  });

  it('through EventBridge, the answer carries the status: 403 for an instance outside RESET_ALLOW', async () => {
    const m = mark(fut);
    const event = {
      specversion: '1.0',
      id: 'eb-event-db1',
      source: 'ecm.cloud.tencent',
      type: 'ecm:ErrorEvent:ping_unreachable',
      subject: 'ein-db000001',
      time: 1615430559146,
      region: 'ap-guangzhou',
      datacontenttype: 'application/json;charset=utf-8',
      status: '1',
      data: { appId: '1250000000', instanceId: 'ein-db000001', dimensions: { ip: '10.0.0.5' } },
    };
    const answer = (await fut.invoke(event)) as { status: number; error: { code: string; message: string } };
    expect(answer.status).toBe(403);
    expect(answer.error.code).toBe('Guard.NotAllowed');
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-db000001/);
  });
});
