import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../support/emulator';
import { type FunctionUnderTest, instanceTags as tagsOf } from '../../support/function';
import { http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';

describe('guardrail state that cannot be written: the guardrails fail closed', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('an instance at the 50-tag quota is not reset (State.Unavailable, 503), and the others of the request are', async () => {
    // 50 tags is the Tag API's limit per resource: the guardrail state cannot be added to it.
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const seed = demoSeed();
    const instances = (seed.instances ?? []).map((i) => (i.instanceId === 'ein-aaaaaaaa' ? { ...i, tags } : i));
    fut = await startGuarded({ seed: { instances } });
    const m = mark(fut);
    for (let n = 0; n < 3; n += 1) {
      const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: `full tags ${n}` }));
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ type: 'reset.failed', results: [{ instanceId: 'ein-aaaaaaaa', status: 'failed', code: 'State.Unavailable' }] });
      expect(JSON.stringify(r.body)).toContain('LimitExceeded.ResourceAttachedTags');
      fut.clock.advance(120_000);
    }
    expect(resetsSince(fut, m)).toHaveLength(0);
    expect(messagesSince(fut, m).map((msg) => msg['type'])).toEqual(['reset.failed', 'reset.failed', 'reset.failed']);

    const both = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'one of two' }));
    expect(both.status).toBe(202);
    expect(both.body).toMatchObject({ type: 'reset.partial' });
    expect(resetsSince(fut, m).flatMap((c) => (c.params as { InstanceIdSet: string[] }).InstanceIdSet)).toEqual(['ein-bbbbbbbb']);
  });

  it('with TagResources failing, the same event twice and the same idempotencyKey twice reset nothing', async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '3600' } });
    fut.emu.emulator.faults.add({ action: 'TagResources', code: 'UnauthorizedOperation', times: 100 });
    const m = mark(fut);
    const event = signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'no tag permission', idempotencyKey: 'job-42' });
    expect((await http(fut, event)).status).toBe(503);
    // The same signed event delivered again to another container (the first one would call it a replay).
    fut.restart();
    expect((await http(fut, event)).status).toBe(503);
    fut.clock.advance(120_000);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'no tag permission', idempotencyKey: 'job-42' }))).status).toBe(503);
    expect(resetsSince(fut, m)).toHaveLength(0);
    expect(tagsOf(fut, 'ein-bbbbbbbb')['ecm-reset:last']).toBeUndefined();

    // The permission comes back: the same request now resets once, and its repeat is a duplicate.
    fut.emu.emulator.faults.clear();
    fut.clock.advance(1000);
    const again = signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'no tag permission', idempotencyKey: 'job-42' });
    expect((await http(fut, again)).status).toBe(202);
    fut.restart();
    expect((await http(fut, again)).status).toBe(409);
    expect(resetsSince(fut, m)).toHaveLength(1);
  });

  it('the mark is written before ResetInstances; a reset ECM refuses gives it back, so a corrected request is not held by the cooldown', async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '3600' } });
    const before = tagsOf(fut, 'ein-bbbbbbbb');
    const m = mark(fut);
    const refused = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], imageId: 'img-zzzzzzzz', reason: 'an image ECM does not have' }));
    expect(refused.body).toMatchObject({ type: 'reset.failed', results: [{ code: 'InvalidParameterValue.InvalidImageID' }] });
    const order = fut
      .calls()
      .slice(m.calls)
      .map((c) => c.action)
      .filter((a) => a === 'TagResources' || a === 'ResetInstances' || a === 'UnTagResources');
    expect(order.slice(0, 2)).toEqual(['TagResources', 'ResetInstances']);
    expect(tagsOf(fut, 'ein-bbbbbbbb')).toEqual(before);

    const fixed = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'the same without the image' }));
    expect(fixed.status).toBe(202);
    expect(tagsOf(fut, 'ein-bbbbbbbb')['ecm-reset:last']).toMatch(/^\d+:rst-/);
  });
});
