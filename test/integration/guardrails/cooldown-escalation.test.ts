import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { alarmBody, alarmEvent, expectRefused, http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';
import { ledgerView } from '../../support/ledger';

const types = (msgs: Record<string, unknown>[]) => msgs.map((m) => m['type']);
const codes = (msg: Record<string, unknown> | undefined) => ((msg?.['results'] ?? []) as { code: string }[]).map((r) => r.code);

describe('cooldown (409 for HTTP) with state in the instance tags', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded();
  });
  afterAll(() => fut.close());

  it('skips an instance reset within RESET_COOLDOWN, naming the seconds', async () => {
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'first' }))).status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
    fut.clock.advance(600_000);
    const m2 = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'again' }));
    expect(r.status).toBe(409);
    // Real time runs too (the test clock is wall clock plus an offset): 600 s or a second more.
    expect(r.body['results']).toEqual([
      {
        instanceId: 'ein-aaaaaaaa',
        status: 'skipped',
        code: 'Guard.Cooldown',
        message: expect.stringMatching(/^reset 60[01] s ago; cooldown 3600 s \((3000|2999) s left\)$/),
        apiRequestId: null,
      },
    ]);
    expectRefused(fut, m2, 'Guard.Cooldown', /cooldown 3600 s \((3000|2999) s left\)/);
  });

  it('after the cooldown the instance may be reset again', async () => {
    fut.clock.advance(3_000_000);
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'cooldown over' }))).status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
  });

  it('the third reset request within a day is the last: the fourth is left for a human', async () => {
    // History so far: reset, attempt (cooldown), reset → 3 in 24 h.
    fut.clock.advance(3_601_000);
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'fourth' }));
    expect(r.status).toBe(409);
    expectRefused(fut, m, 'Guard.Escalated', /3 reset requests in 24 h \(RESET_ESCALATE_AFTER=3\): left alone for a human/);
    const escalated = messagesSince(fut, m).filter((x) => x['type'] === 'reset.escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.['error']).toMatchObject({
      code: 'Guard.Escalated',
      message: expect.stringMatching(/ein-aaaaaaaa was asked to reset 3 or more times in 24 h/),
    });
  });
});

describe('an alarm that fires every minute for an hour against one instance', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    // Defaults: RESET_COOLDOWN 3600, RESET_ESCALATE_AFTER 3.
    fut = await startGuarded();
  });
  afterAll(() => fut.close());

  it('produces one reset, two refused attempts, exactly one reset.escalated, then silent skips', async () => {
    const m = mark(fut);
    for (let minute = 0; minute < 60; minute += 1) {
      if (minute > 0) fut.clock.advance(60_000);
      const r = await http(
        fut,
        alarmEvent(alarmBody(`alarm-minute-${minute}`, undefined, { firstOccurTime: `2024-05-01 03:${String(minute).padStart(2, '0')}:00` })),
      );
      expect(r).toMatchObject({ status: 200, body: { sessionId: `alarm-minute-${minute}`, retCode: 0 } });
    }
    expect(resetsSince(fut, m)).toHaveLength(1);
    const msgs = messagesSince(fut, m);
    expect(types(msgs).filter((t) => t === 'reset.escalated')).toHaveLength(1);
    const terminal = msgs.filter((x) => x['type'] !== 'reset.escalated');
    // Every alarm is accounted for on the topic: one terminal message each.
    expect(terminal).toHaveLength(60);
    expect(types(terminal.slice(0, 1))).toEqual(['reset.accepted']);
    expect(terminal.slice(1).every((x) => x['type'] === 'reset.rejected')).toBe(true);
    expect(codes(terminal[1])).toEqual(['Guard.Cooldown']);
    expect(codes(terminal[2])).toEqual(['Guard.Cooldown']);
    expect(terminal.slice(3).every((x) => codes(x)[0] === 'Guard.Escalated')).toBe(true);
    // The escalation follows the fourth alarm's terminal message, and only that one.
    expect(types(msgs.slice(3, 5))).toEqual(['reset.rejected', 'reset.escalated']);
    expect(JSON.stringify(terminal[3]?.['results'])).toMatch(/3 reset requests in 24 h \(RESET_ESCALATE_AFTER=3\)/);
  }, 120_000);

  it('stays left alone after the cooldown has passed, without a second escalation', async () => {
    fut.clock.advance(2 * 3_600_000);
    const m = mark(fut);
    await http(fut, alarmEvent(alarmBody('alarm-later')));
    expectRefused(fut, m, 'Guard.Escalated', /left alone for a human/);
    expect(types(messagesSince(fut, m))).toEqual(['reset.rejected']);
    // Cloud Monitor pushes the same alarm again: it was answered already, nothing new is published.
    const again = mark(fut);
    await http(fut, alarmEvent(alarmBody('alarm-later')));
    expect(messagesSince(fut, again)).toEqual([]);
  });

  it('stays left alone a day later, until a human releases it; then it is reset again', async () => {
    fut.clock.advance(24 * 3_600_000);
    const m = mark(fut);
    await http(fut, alarmEvent(alarmBody('alarm-next-day')));
    expect(resetsSince(fut, m)).toHaveLength(0);
    const ledger = ledgerView(fut.emu.emulator, fut.emu.credential);
    await ledger.append({ kind: 'unescalate', at: Math.floor(fut.clock.now() / 1000), by: 'ops: looked at it', ids: ['ein-aaaaaaaa'] });
    fut.clock.advance(1000);
    await http(fut, alarmEvent(alarmBody('alarm-after-release')));
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(types(messagesSince(fut, m))).toEqual(['reset.rejected', 'reset.accepted']);
  });
});
