import { afterEach, describe, expect, it } from 'vitest';
import { TAG_HISTORY, TAG_HOUR, TAG_LAST } from '../../../lib/function/guardrails/reset-history';
import { demoSeed } from '../../support/emulator';
import type { FunctionUnderTest } from '../../support/function';
import { callsSince, expectRefused, http, mark, signed, startGuarded } from '../../support/guard-support';

const HOUR_MS = 3_600_000;

/** Moves the test clock to `minutes` past the next full clock hour. */
function toMinutePastHour(fut: FunctionUnderTest, minutes: number): void {
  const now = fut.clock.now();
  fut.clock.advance(Math.ceil(now / HOUR_MS) * HOUR_MS + minutes * 60_000 - now);
}

describe('the hourly budget reads only the instances reset in the last two clock hours (Tag API GetResources)', () => {
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
    // The budget query names the hour buckets (Tag API), not every instance that ever had a history.
    const [scan] = callsSince(fut, m, 'GetResources').map((c) => (c.params as { TagFilters?: { TagKey: string; TagValue?: string[] }[] }).TagFilters);
    expect(scan).toEqual([{ TagKey: TAG_HOUR, TagValue: expect.arrayContaining([String(Math.floor(fut.clock.now() / HOUR_MS) - 1)]) as unknown }]);
    fut.clock.advance(40 * 60_000 + 1000); // :50 of that hour: the first two are more than an hour old
    expect((await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'an hour later' }))).status).toBe(202);
  });

  it('does not page through instances whose last reset is older than that, however many there are', async () => {
    const seed = demoSeed();
    const old = Math.floor(Date.now() / 1000) - 5 * 3600;
    // 250 instances reset five hours ago (history within 24 h, hour tag old): three pages of
    // DescribeInstances if the budget scanned every instance with a history, none now.
    const stale = Array.from({ length: 250 }, (_, n) => ({
      instanceId: `ein-old${String(n).padStart(5, '0')}`,
      instanceName: `old-${n}`,
      state: 'RUNNING' as const,
      imageId: 'img-aaaaaaaa',
      memoryGb: 2,
      osType: 'linux' as const,
      tags: { [TAG_LAST]: `${old}:rst-old`, [TAG_HISTORY]: `${old}r`, [TAG_HOUR]: String(Math.floor(old / 3600)) },
    }));
    fut = await startGuarded({ seed: { instances: [...(seed.instances ?? []), ...stale] }, env: { RESET_MAX_PER_HOUR: '1' } });
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'budget of one' }))).status).toBe(202);
    // One call for the target, one for the budget: the stale fleet is never read.
    expect(callsSince(fut, m, 'DescribeInstances')).toHaveLength(1);
    expect(callsSince(fut, m, 'GetResources')).toHaveLength(1);
  });
});
