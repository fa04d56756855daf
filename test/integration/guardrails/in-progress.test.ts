import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { expectRefused, http, mark, resetsSince, signed, startGuarded } from '../../support/guard-support';

describe('an instance whose LatestOperationState is OPERATING is never sent another ResetInstances', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    // No cooldown, so only the operation state stands between two resets; resets take 10 emulated minutes.
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0' }, seed: { resetDurationMs: 600_000 } });
  });
  afterAll(() => fut.close());

  it("skips an instance busy with another operation (the seed's ein-busy0001): 409, no call", async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-busy0001'], reason: 'stuck' }));
    expect(r.status).toBe(409);
    expect(r.body['type']).toBe('reset.rejected');
    expectRefused(fut, m, 'Guard.InProgress', /ResetInstancesPassword is still in progress/);
  });

  it('skips an instance whose own reset is still running', async () => {
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'first' }))).status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
    fut.clock.advance(120_000);
    const m2 = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'second, too early' }));
    expect(r.status).toBe(409);
    expectRefused(fut, m2, 'Guard.InProgress', /ResetInstances is still in progress/);
  });

  it('in a mixed request only the idle instance is reset, the busy one is reported skipped', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb', 'ein-busy0001'], reason: 'mixed' }));
    expect(r.status).toBe(202);
    // Nothing failed: the busy one was skipped by a guardrail, so the request is accepted, not partial.
    expect(r.body['type']).toBe('reset.accepted');
    const resets = resetsSince(fut, m);
    expect(resets).toHaveLength(1);
    expect(resets[0]?.params).toMatchObject({ InstanceIdSet: ['ein-bbbbbbbb'] });
    expect(r.body['results']).toContainEqual(expect.objectContaining({ instanceId: 'ein-busy0001', status: 'skipped', code: 'Guard.InProgress' }));
  });

  it('once the operation finished, the instance may be reset again', async () => {
    fut.clock.advance(600_000);
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'after it finished' }))).status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
  });
});
