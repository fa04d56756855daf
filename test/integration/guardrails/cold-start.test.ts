import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { alarmBody, alarmEvent, expectRefused, http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';

const types = (msgs: Record<string, unknown>[]) => msgs.map((m) => m['type']);

describe('guardrail state survives cold starts (it lives in the instance tags)', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded();
  });
  afterAll(() => fut.close());

  it('the cooldown holds in a new container', async () => {
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'before cold start' }))).status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
    fut.restart();
    fut.clock.advance(60_000);
    const m2 = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-bbbbbbbb'], reason: 'after cold start' }));
    expect(r.status).toBe(409);
    expectRefused(fut, m2, 'Guard.Cooldown', /reset 6\d s ago; cooldown 3600 s/);
  });

  it('a signed request replayed to another container passes the (per-container) replay guard but resets nothing', async () => {
    const event = signed(fut, { instanceIds: ['ein-web00003'], reason: 'captured' });
    const m = mark(fut);
    const first = await http(fut, event);
    expect(first.status).toBe(202);
    fut.restart();
    fut.clock.advance(10_000);
    const replayed = await http(fut, event);
    expect(replayed.status).toBe(409);
    expect(replayed.body).toMatchObject({ id: first.body['id'], type: 'duplicate', error: { code: 'Guard.Duplicate' } });
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.accepted']);
  });

  it('escalation counts across cold starts: a new container for every alarm still gives one reset and one escalation', async () => {
    const m = mark(fut);
    for (let minute = 0; minute < 6; minute += 1) {
      fut.restart();
      fut.clock.advance(60_000);
      await http(fut, alarmEvent(alarmBody(`cold-alarm-${minute}`)));
    }
    expect(resetsSince(fut, m)).toHaveLength(1);
    const all = types(messagesSince(fut, m));
    expect(all.filter((t) => t === 'reset.escalated')).toHaveLength(1);
    expect(all.filter((t) => t !== 'reset.escalated')).toEqual([
      'reset.accepted',
      'reset.rejected',
      'reset.rejected',
      'reset.rejected',
      'reset.rejected',
      'reset.rejected',
    ]);
  });

  it('a stricter configuration applies at the next cold start (the limits are not cached state)', async () => {
    fut.restart({ RESET_ALLOW: 'ein-aaaaaaaa' });
    fut.clock.advance(7_200_000);
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'no longer allowed' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-web00003 \(RESET_ALLOW\)/);
  });
});
