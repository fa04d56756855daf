import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { errorOf, expectRefused, http, mark, resetsSince, signed, startGuarded } from '../../support/guard-support';

describe('RESET_ALLOW: by instance id and by tag, deny by default', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    // Demo allow-list: tag:env=staging, tag:fleet=nightly, ein-aaaaaaaa, ein-bbbbbbbb.
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0' } });
  });
  afterAll(() => fut.close());
  beforeEach(() => fut.clock.advance(60_000));

  it('refuses an instance that is neither listed nor tagged as allowed: 403, no reset', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-db000001'], reason: 'x' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body)).toEqual({ code: 'Guard.NotAllowed', message: 'not allowed to reset ein-db000001 (RESET_ALLOW)' });
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-db000001 \(RESET_ALLOW\)/);
  });

  it('one refused id refuses the whole request: the allowed one is not reset either', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-win00001'], reason: 'x' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body).message).toBe('not allowed to reset ein-win00001 (RESET_ALLOW)');
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-win00001/);
  });

  it('does not reveal whether an id that is not allowed exists (403, not 404)', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-zzzzzzzz'], reason: 'probe' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-zzzzzzzz/);
  });

  it('allows an instance by its tag, read from DescribeInstances (ein-web00003 has env=staging)', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'tag allowed' }));
    expect(r.status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(
      fut
        .calls()
        .slice(m.calls)
        .some((c) => c.action === 'DescribeInstances'),
    ).toBe(true);
  });

  it('a tag set on the instance by its owner is what counts, not what the request claims', async () => {
    const m = mark(fut);
    // Extra fields are refused outright: a caller cannot bring its own tags.
    const r = await http(fut, signed(fut, { instanceIds: ['ein-db000001'], tags: { env: 'staging' }, reason: 'x' }));
    expect(r.status).toBe(400);
    expectRefused(fut, m, 'Request.Invalid', /tags: unknown field/);
  });

  it('a selector resets only the matching instances that are allowed', async () => {
    const m = mark(fut);
    // role=db matches ein-db000001 (prod: not allowed) and ein-db000002 (staging: allowed).
    const r = await http(fut, signed(fut, { selector: 'tag:role=db', reason: 'db fleet' }));
    expect(r.status).toBe(202);
    const resets = resetsSince(fut, m);
    expect(resets).toHaveLength(1);
    expect(resets[0]?.params).toMatchObject({ InstanceIdSet: ['ein-db000002'] });
  });

  it('a selector none of whose matches is allowed reads exactly like one that matches nothing', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { selector: 'tag:role=app', reason: 'windows fleet' }));
    expect(r.status).toBe(404);
    expect(errorOf(r.body)).toEqual({ code: 'Guard.NoMatch', message: 'no allowed instance matches tag:role=app (RESET_ALLOW)' });
    expectRefused(fut, m, 'Guard.NoMatch', /no allowed instance matches/);
    const none = await http(fut, signed(fut, { selector: 'tag:role=nothing-has-this', reason: 'no such fleet' }));
    expect(none.status).toBe(404);
    expect(errorOf(none.body)).toEqual({ code: 'Guard.NoMatch', message: 'no allowed instance matches tag:role=nothing-has-this (RESET_ALLOW)' });
  });

  it('an empty RESET_ALLOW allows nothing, even instances named by id', async () => {
    const closed = await startGuarded({ env: { RESET_ALLOW: '' } });
    try {
      const m = mark(closed);
      const r = await http(closed, signed(closed, { instanceIds: ['ein-aaaaaaaa'], reason: 'x' }));
      expect(r.status).toBe(403);
      expectRefused(closed, m, 'Guard.NotAllowed', /ein-aaaaaaaa \(RESET_ALLOW\)/);
      const t = mark(closed);
      const timer = (await closed.invoke({
        Type: 'Timer',
        TriggerName: 'nightly',
        Time: '2024-05-01T03:00:00Z',
        Message: '{"selector":"tag:fleet=nightly"}',
      })) as { status: number };
      expect(timer.status).toBe(404);
      expectRefused(closed, t, 'Guard.NoMatch', /no allowed instance matches tag:fleet=nightly/);
    } finally {
      await closed.close();
    }
  });
});
