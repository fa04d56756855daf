import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { callsSince, expectRefused, http, mark, signed, startGuarded } from '../../support/guard-support';
import { ledgerView } from '../../support/ledger';

const HOUR_MS = 3_600_000;

/** Moves the test clock to `minutes` past the next full clock hour. */
function toMinutePastHour(fut: FunctionUnderTest, minutes: number): void {
  const now = fut.clock.now();
  fut.clock.advance(Math.ceil(now / HOUR_MS) * HOUR_MS + minutes * 60_000 - now);
}

describe('the hourly budget counts the ledger’s resets of the rolling hour', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('counts a reset from the previous clock hour that is still inside the 3600 s window', async () => {
    fut = await startGuarded({ env: { RESET_MAX_PER_HOUR: '2', RESET_COOLDOWN: '0' } });
    toMinutePastHour(fut, 50); // xx:50
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'at :50' }))).status).toBe(202);
    fut.clock.advance(20 * 60_000); // the next hour's :10, 20 minutes later
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'at :10' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.HourlyBudget', /1 more resets would make 3 in the last hour; at most 2/);
    // The count is the ledger's: no tag scan, no instance scan.
    expect(callsSince(fut, m, 'GetResources')).toEqual([]);
    fut.clock.advance(40 * 60_000 + 1000); // :50 of that hour: the first two are more than an hour old
    expect((await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'an hour later' }))).status).toBe(202);
  });

  it('a cold container reads the ledger from its latest checkpoint, not from its first entry', async () => {
    fut = await startGuarded({ env: { RESET_MAX_PER_HOUR: '1' } });
    const ledger = ledgerView(fut.emu.emulator, fut.emu.credential);
    const old = Math.floor(fut.clock.now() / 1000) - 5 * 3600;
    // 150 decisions five hours ago (two checkpoints' worth): a reader from the start would read them all.
    for (let n = 0; n < 150; n += 1) {
      await ledger.append({
        kind: 'decide',
        at: old,
        rid: `rst-old${n}`,
        exp: old + 30,
        reset: [`ein-old${String(n).padStart(5, '0')}`],
        attempt: [],
        escalate: [],
        skipped: {},
      });
    }
    fut.restart();
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'budget of one' }))).status).toBe(202);
    // The checkpoint, the entries after it, the outcome's own objects: far fewer than 150 reads.
    expect(callsSince(fut, m, 'GetObject').length).toBeLessThan(40);
    expect(await ledger.resetsOf('ein-web00003')).toHaveLength(1);
  });
});
