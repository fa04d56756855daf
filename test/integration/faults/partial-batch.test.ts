import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countResetStarts, expectOneEnd } from '../../support/fault-support';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';

// Eleven good instances and one with 8 GB of memory on a 32-bit image, which ECM refuses.
const GOOD = fleetInstances(11, { pool: 'mixed' }, 'p');
const BAD = { ...fleetInstances(1, { pool: 'mixed' }, 'x')[0], memoryGb: 8, imageId: 'img-pub32cen' } as (typeof GOOD)[number];

describe('one bad instance does not sink its batch', () => {
  let fut: FunctionUnderTest;
  let starts: Map<string, number>;
  let answer: { id: string; type: string };
  beforeAll(async () => {
    fut = await startFunction({ seed: { instances: [...GOOD, BAD] }, env: { RESET_ALLOW: 'tag:pool=mixed', RESET_MAX_INSTANCES_TIMER: '20' } });
    starts = countResetStarts(fut);
    answer = (await fut.invoke(timerEvent('mixed', { selector: 'tag:pool=mixed' }))) as { id: string; type: string };
  });
  afterAll(() => fut.close());

  it('resets the others and reports reset.partial, naming each instance with its status and code', () => {
    expect(answer.type).toBe('reset.partial');
    const end = expectOneEnd(fut, answer.id);
    expect(end.type).toBe('reset.partial');
    const byId = new Map(end.results.map((r) => [r.instanceId, r]));
    expect(byId.get(BAD.instanceId)).toMatchObject({ status: 'failed', code: 'InvalidParameterValue.InvalidImageArchitecture' });
    for (const g of GOOD) expect(byId.get(g.instanceId)).toMatchObject({ status: 'accepted', code: 'Accepted' });
  });

  it('splits the refused batch to find the culprit, resetting every good instance exactly once', () => {
    const calls = fut.calls('ResetInstances');
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) expect((c.params as { InstanceIdSet: string[] }).InstanceIdSet.length).toBeLessThanOrEqual(100);
    expect(Object.fromEntries(starts)).toEqual(Object.fromEntries(GOOD.map((g) => [g.instanceId, 1])));
  });
});
