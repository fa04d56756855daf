import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEvent } from '../../support/fixtures';
import type { FunctionUnderTest } from '../../support/function';
import { alarmBody, alarmEvent, http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';

const types = (msgs: Record<string, unknown>[]) => msgs.map((m) => m['type']);

describe('idempotency: the same event twice resets once and publishes one reset.accepted', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    // Instances are reset several times here: escalation is not what these cases are about.
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0', RESET_ESCALATE_AFTER: '20' } });
  });
  afterAll(() => fut.close());
  // Resets keep an instance OPERATING for a few emulated seconds; each case starts after that.
  beforeEach(() => fut.clock.advance(600_000));

  it('direct invoke with an idempotencyKey, delivered twice (SCF async retry)', async () => {
    const m = mark(fut);
    const event = loadEvent('invoke', 'request-idempotency-key');
    const first = (await fut.invoke(event, { request_id: 'scf-1' })) as { id: string; type: string; status: number };
    fut.clock.advance(60_000);
    const second = (await fut.invoke(event, { request_id: 'scf-2' })) as { id: string; type: string; status: number; error: { code: string; message: string } };
    expect(first).toMatchObject({ type: 'reset.accepted', status: 202 });
    expect(second).toMatchObject({
      type: 'duplicate',
      status: 409,
      id: first.id,
      error: { code: 'Guard.Duplicate', message: `already handled as ${first.id}` },
    });
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted']);
  });

  it('a redelivery after another request reset the instance in between is still a duplicate', async () => {
    const m = mark(fut);
    const event = { instanceIds: ['ein-aaaaaaaa'], reason: 'manual reinstall', idempotencyKey: 'incident-9001' };
    const first = (await fut.invoke(event, { request_id: 'scf-a' })) as { id: string; type: string };
    fut.clock.advance(600_000);
    const other = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'someone else, in between' }));
    expect(other.status).toBe(202);
    fut.clock.advance(600_000);
    const late = (await fut.invoke(event, { request_id: 'scf-b' })) as { id: string; type: string };
    expect(first.type).toBe('reset.accepted');
    expect(late).toMatchObject({ type: 'duplicate', id: first.id });
    expect(resetsSince(fut, m)).toHaveLength(2);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted', 'reset.accepted']);
  });

  it('a CMQ message redelivered (same msgId)', async () => {
    const m = mark(fut);
    const event = loadEvent('cmq', 'topic-string-tags');
    const first = (await fut.invoke(event)) as { records: { id: string; type: string }[] };
    fut.clock.advance(60_000);
    const second = (await fut.invoke(event)) as { records: { id: string; type: string }[] };
    expect(first.records[0]?.type).toBe('reset.accepted');
    expect(second.records[0]).toMatchObject({ type: 'duplicate', id: first.records[0]?.id });
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted']);
  });

  it('Cloud Monitor re-sending one alarm three times (same sessionId)', async () => {
    const m = mark(fut);
    const event = alarmEvent(alarmBody('ecm-retried-session'));
    for (let i = 0; i < 3; i += 1) {
      expect(await http(fut, event)).toMatchObject({ status: 200, body: { sessionId: 'ecm-retried-session', retCode: 0 } });
      fut.clock.advance(5_000);
    }
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted']);
  });

  it('an EventBridge event delivered twice (same CloudEvent id)', async () => {
    const m = mark(fut);
    const event = loadEvent('eventbridge', 'alarm');
    const first = (await fut.invoke(event)) as { type: string; id: string };
    fut.clock.advance(60_000);
    const second = (await fut.invoke(event)) as { type: string; id: string };
    expect(first.type).toBe('reset.accepted');
    expect(second).toMatchObject({ type: 'duplicate', id: first.id });
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted']);
  });

  it('an HTTP client retrying with the same idempotencyKey under a fresh signature', async () => {
    const m = mark(fut);
    const body = { instanceIds: ['ein-bbbbbbbb'], reason: 'retry-safe', idempotencyKey: 'change-1234' };
    const first = await http(fut, signed(fut, body));
    fut.clock.advance(2_000);
    const second = await http(fut, signed(fut, body));
    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ id: first.body['id'], type: 'duplicate', error: { code: 'Guard.Duplicate' } });
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted']);
  });

  it('the same idempotencyKey on a different request is not its duplicate: each gets its own id and result', async () => {
    const m = mark(fut);
    const first = await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'key reused', idempotencyKey: 'change-5678' }));
    fut.clock.advance(2_000);
    const other = await http(fut, signed(fut, { instanceIds: ['ein-flaky001'], reason: 'key reused', idempotencyKey: 'change-5678' }));
    expect(first.status).toBe(202);
    expect(other.status).toBe(202);
    expect(other.body['id']).not.toBe(first.body['id']);
    expect(resetsSince(fut, m).map((c) => (c.params as { InstanceIdSet: string[] }).InstanceIdSet)).toEqual([['ein-web00003'], ['ein-flaky001']]);
    const msgs = messagesSince(fut, m);
    expect(msgs.map((x) => [x['type'], x['id']])).toEqual([
      ['reset.accepted', first.body['id']],
      ['reset.accepted', other.body['id']],
    ]);
  });

  it('a retry of an event whose first delivery was refused by the cooldown does not count twice toward escalation', async () => {
    const strict = await startGuarded();
    try {
      expect((await http(strict, signed(strict, { instanceIds: ['ein-aaaaaaaa'], reason: 'first' }))).status).toBe(202);
      strict.clock.advance(60_000);
      // One alarm, delivered three times while the instance cools down: one attempt, not three.
      const alarm = alarmEvent(alarmBody('ecm-cooling-session'));
      for (let i = 0; i < 3; i += 1) {
        await http(strict, alarm);
        strict.clock.advance(5_000);
      }
      const m = mark(strict);
      // A second, different alarm: history is reset + 1 attempt, so this is attempt 2, not an escalation.
      await http(strict, alarmEvent(alarmBody('ecm-another-session')));
      expect(types(messagesSince(strict, m))).toEqual(['reset.rejected']);
      expect(JSON.stringify(messagesSince(strict, m)[0]?.['results'])).toContain('Guard.Cooldown');
      expect(resetsSince(strict, m)).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});
