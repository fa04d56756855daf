import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../support/emulator';
import type { FunctionUnderTest } from '../../support/function';
import { http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';
import { ledgerView } from '../../support/ledger';

describe('a guardrail ledger that cannot be written: the guardrails fail closed', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('an instance at the 50-tag quota is reset like any other: the state lives in the ledger, not in its tags', async () => {
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const seed = demoSeed();
    const instances = (seed.instances ?? []).map((i) => (i.instanceId === 'ein-aaaaaaaa' ? { ...i, tags } : i));
    fut = await startGuarded({ seed: { instances } });
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'full tags' }));
    expect(r.status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).resetsOf('ein-aaaaaaaa')).toEqual([r.body['id']]);
  });

  it('with the ledger unwritable, the same event twice and the same idempotencyKey twice reset nothing and publish nothing; once it is back, one reset', async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '3600' } });
    fut.emu.emulator.faults.add({ action: 'PutObject', code: 'AccessDenied', times: 1000 });
    const m = mark(fut);
    const event = signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'no ledger', idempotencyKey: 'job-42' });
    const first = await http(fut, event);
    expect(first.status).toBe(503);
    // State.Unavailable (503), carrying COS's own code as it came.
    expect(first.body).toMatchObject({ error: { code: 'AccessDenied' } });
    // The same signed event delivered again to another container (the first one would call it a replay).
    fut.restart();
    expect((await http(fut, event)).status).toBe(503);
    fut.clock.advance(120_000);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'no ledger', idempotencyKey: 'job-42' }))).status).toBe(503);
    expect(resetsSince(fut, m)).toHaveLength(0);
    // Nothing published: an outcome nobody could record might be contradicted by a later delivery.
    expect(messagesSince(fut, m)).toEqual([]);

    // The ledger comes back: the same request now resets once, and its repeat is a duplicate.
    fut.emu.emulator.faults.clear();
    fut.clock.advance(1000);
    const again = signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'no ledger', idempotencyKey: 'job-42' });
    expect((await http(fut, again)).status).toBe(202);
    fut.restart();
    expect((await http(fut, again)).status).toBe(409);
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(messagesSince(fut, m).map((x) => x['type'])).toEqual(['reset.accepted']);
  });

  it('the decision is in the ledger before ResetInstances; a reset ECM refuses is released, so a corrected request is not held by the cooldown', async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '3600' } });
    const ledger = ledgerView(fut.emu.emulator, fut.emu.credential);
    const m = mark(fut);
    const refused = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], imageId: 'img-zzzzzzzz', reason: 'an image ECM does not have' }));
    expect(refused.body).toMatchObject({ type: 'reset.failed', results: [{ code: 'InvalidParameterValue.InvalidImageID' }] });
    const order = fut
      .calls()
      .slice(m.calls)
      .map((c) => c.action)
      .filter((a) => a === 'PutObject' || a === 'ResetInstances');
    expect(order.slice(0, 2)).toEqual(['PutObject', 'ResetInstances']);
    expect(await ledger.resetsOf('ein-bbbbbbbb')).toEqual([]);

    const fixed = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'the same without the image' }));
    expect(fixed.status).toBe(202);
    expect(await ledger.resetsOf('ein-bbbbbbbb')).toEqual([fixed.body['id']]);
  });
});
