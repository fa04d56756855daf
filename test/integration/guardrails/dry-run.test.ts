import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { callsSince, expectRefused, http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';

describe('dry run: everything but the ResetInstances call', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded();
  });
  afterAll(() => fut.close());

  it('per request: authenticates, describes, fetches the password, returns and publishes the plan as reset.dry-run', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-busy0001'], dryRun: true, reason: 'what if' }));
    expect(r.status).toBe(202);
    expect(r.body['type']).toBe('reset.dry-run');
    expect(r.body['results']).toEqual([
      { instanceId: 'ein-aaaaaaaa', status: 'skipped', code: 'DryRun', message: 'would be reset', apiRequestId: null },
      expect.objectContaining({ instanceId: 'ein-busy0001', status: 'skipped', code: 'Guard.InProgress' }),
    ]);
    expect(resetsSince(fut, m)).toHaveLength(0);
    expect(callsSince(fut, m, 'DescribeInstances').length).toBeGreaterThan(0);
    expect(callsSince(fut, m, 'GetSecretValue').map((c) => c.params)).toContainEqual(expect.objectContaining({ SecretName: 'ecm-reset/root-password' }));
    const published = messagesSince(fut, m);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ type: 'reset.dry-run', request: { dryRun: true, instanceIds: ['ein-aaaaaaaa', 'ein-busy0001'] } });
    // Nothing is recorded: a dry run neither starts a cooldown nor counts toward escalation.
    expect(callsSince(fut, m, 'TagResources')).toHaveLength(0);
  });

  it('a dry run leaves no state behind: no cooldown, no history tags, a real reset still works', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'for real' }));
    expect(r.status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
  });

  it('guardrails still refuse in a dry run (allow-list)', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-db000001'], dryRun: true, reason: 'x' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-db000001/);
  });

  it('a bad password secret shows in the dry run, before it would matter', async () => {
    const weak = await startGuarded({
      seed: {
        secrets: [
          { name: 'ecm-reset/root-password', versions: { SSM_Current: 'short' } },
          { name: 'ecm-reset/auth-keys', versions: { SSM_Current: JSON.stringify(['3f8a1c9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a']) } },
        ],
      },
    });
    try {
      const m = mark(weak);
      const r = await http(weak, signed(weak, { instanceIds: ['ein-aaaaaaaa'], dryRun: true, reason: 'x' }));
      expect(r.status).toBe(500);
      expectRefused(weak, m, 'Password.Policy', /does not meet the linux password rules/, 'reset.failed');
    } finally {
      await weak.close();
    }
  });

  it('globally: RESET_DRY_RUN=true turns every request into a dry run, whatever the request says', async () => {
    fut.restart({ RESET_DRY_RUN: 'true' });
    fut.clock.advance(7_200_000);
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], dryRun: false, reason: 'forced dry' }));
    expect(r.status).toBe(202);
    expect(r.body['type']).toBe('reset.dry-run');
    expect(resetsSince(fut, m)).toHaveLength(0);
    expect(messagesSince(fut, m)).toEqual([expect.objectContaining({ type: 'reset.dry-run', request: expect.objectContaining({ dryRun: true }) })]);

    const t = mark(fut);
    const timer = (await fut.invoke({ Type: 'Timer', TriggerName: 'nightly', Time: '2024-05-01T03:00:00Z', Message: '{"selector":"tag:env=staging"}' })) as {
      status: number;
      type: string;
    };
    expect(timer.type).toBe('reset.dry-run');
    expect(resetsSince(fut, t)).toHaveLength(0);
  });
});
