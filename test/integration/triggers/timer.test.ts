import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadEvent, loadObject } from '../../support/fixtures';
import { type FunctionUnderTest, startFunction } from '../../support/function';

describe('timer trigger, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('resets the instances named in a JSON Message and publishes reset.accepted', async () => {
    const answer = await fut.invoke(loadEvent('timer', 'json-message'), { request_id: 'scf-timer-1' });
    expect(answer).toMatchObject({ type: 'reset.accepted', status: 202, results: [{ instanceId: 'ein-aaaaaaaa', status: 'accepted' }] });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    const [msg] = fut.messages();
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    expect(msg).toMatchObject({
      type: 'reset.accepted',
      trigger: { kind: 'timer', id: 'nightly' },
      request: { instanceIds: ['ein-aaaaaaaa'], reason: 'nightly', requestedBy: 'timer:nightly' },
      functionRequestId: 'scf-timer-1',
    });
  });

  it('gives a Message without reason the trigger name as reason (Type "timer" in lower case)', async () => {
    await fut.invoke(loadEvent('timer', 'lowercase-type'));
    expect(fut.messages()[0]).toMatchObject({
      type: 'reset.accepted',
      request: { instanceIds: ['ein-bbbbbbbb'], reason: 'weekly', requestedBy: 'timer:weekly' },
    });
  });

  it('resets every allowed instance matching a selector Message, in one ResetInstances call', async () => {
    const answer = (await fut.invoke(loadEvent('timer', 'selector-message'))) as { type: string; results: { instanceId: string }[] };
    // tag:fleet=nightly in the demo seed: web-1, web-2, web-3 and flaky-1, all allowed.
    const fleet = ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-flaky001', 'ein-web00003'];
    expect(answer.type).toBe('reset.accepted');
    expect(answer.results.map((r) => r.instanceId).sort()).toEqual(fleet);
    const resets = fut.calls('ResetInstances');
    expect(resets).toHaveLength(1);
    expect([...((resets[0]?.params as { InstanceIdSet?: string[] } | undefined)?.InstanceIdSet ?? [])].sort()).toEqual(fleet);
    const describe = fut.calls('DescribeInstances').map((c) => JSON.stringify(c.params));
    expect(describe.some((p) => p.includes('"tag:fleet"') && p.includes('"nightly"'))).toBe(true);
    expect(fut.messages()[0]).toMatchObject({ type: 'reset.accepted', request: { selector: 'tag:fleet=nightly', reason: 'nightly reinstall' } });
  });

  it.each(['not-json-message', 'doc-sample', 'empty-message'])('publishes reset.rejected for the %s fixture and resets nothing', async (name) => {
    const answer = await fut.invoke(loadEvent('timer', name));
    expect(answer).toMatchObject({ type: 'reset.rejected', status: 400, error: { code: 'Request.Invalid' } });
    expect(fut.calls('ResetInstances')).toEqual([]);
    const msgs = fut.messages();
    expect(msgs).toHaveLength(1);
    expect(v.is(ResultMessageSchema, msgs[0])).toBe(true);
    expect(msgs[0]).toMatchObject({ type: 'reset.rejected', trigger: { kind: 'timer' }, request: null, error: { code: 'Request.Invalid' } });
  });

  /** The json-message fixture as fired now (Time is the firing time, as SCF sends it). */
  const firedNow = () => ({ ...loadObject('timer', 'json-message'), Time: new Date(fut.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') });

  it('treats the same firing delivered twice with different SCF request ids as a duplicate: (TriggerName, Time) is the firing', async () => {
    const event = firedNow();
    await fut.invoke(event, { request_id: 'scf-timer-3' });
    fut.clock.advance(60_000);
    const again = await fut.invoke(structuredClone(event), { request_id: 'scf-timer-4' });
    expect(again).toMatchObject({ type: 'duplicate' });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(fut.messages()).toHaveLength(1);
    expect(fut.logs.some((l) => l.includes('timer.time-not-firing'))).toBe(false);
  });

  it('when Time is no firing time (days away from the clock), tells firings apart by the SCF request id and warns once', async () => {
    const stale = { ...loadObject('timer', 'json-message'), Time: new Date(fut.clock.now() - 30 * 86_400_000).toISOString() };
    const first = await fut.invoke(stale, { request_id: 'scf-timer-5' });
    expect(first).toMatchObject({ type: 'reset.accepted' });
    // Past the cooldown (RESET_COOLDOWN 3600 s), so the next firing resets again.
    fut.clock.advance(3_700_000);
    const next = await fut.invoke(structuredClone(stale), { request_id: 'scf-timer-6' });
    expect(next).toMatchObject({ type: 'reset.accepted' });
    const ids = fut.messages().map((m) => m['id']);
    expect(new Set(ids).size).toBe(2);
    const warnings = fut.logs.filter((l) => l.includes('"event":"timer.time-not-firing"'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] as string)).toMatchObject({ level: 'warn', trigger: 'nightly', time: stale.Time });
  });

  it('treats an SCF retry of the same firing (same request id) as a duplicate', async () => {
    await fut.invoke(loadEvent('timer', 'json-message'), { request_id: 'scf-timer-2' });
    const again = await fut.invoke(loadEvent('timer', 'json-message'), { request_id: 'scf-timer-2' });
    expect(again).toMatchObject({ type: 'duplicate' });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(fut.messages()).toHaveLength(1);
  });
});
