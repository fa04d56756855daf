import { afterEach, describe, expect, it } from 'vitest';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, instanceTags, startFunction } from '../../support/function';

const ENV = { RESET_ALLOW: 'tag:fleet=marks', RESET_MAX_INSTANCES_TIMER: '100', RESET_MAX_PER_HOUR: '1000' };
const EVENT = timerEvent('marks', { selector: 'tag:fleet=marks', reason: 'fleet marks' });

const lastTag = (fut: FunctionUnderTest, id: string): string | undefined => instanceTags(fut, id)['ecm-reset:last'];

describe('guardrail marks of a fleet', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('the first ten are marked before any ResetInstances, the rest right after theirs; every instance ends marked', async () => {
    const instances = fleetInstances(45, { fleet: 'marks' }, 'k');
    fut = await startFunction({ seed: { instances }, env: ENV });
    const answer = (await fut.invoke(EVENT)) as { type: string };
    expect(answer.type).toBe('reset.accepted');
    const actions = fut.calls().map((c) => c.action);
    const firstReset = actions.indexOf('ResetInstances');
    expect(actions.slice(0, firstReset).filter((a) => a === 'TagResources')).toHaveLength(1);
    expect(actions.slice(firstReset).filter((a) => a === 'TagResources').length).toBeGreaterThanOrEqual(4);
    for (const i of instances) expect(lastTag(fut, i.instanceId)).toMatch(/^\d+:rst-/);
  });

  it('when the first marks cannot be written, none of the fleet is reset', async () => {
    fut = await startFunction({ seed: { instances: fleetInstances(45, { fleet: 'marks' }, 'k') }, env: ENV });
    fut.emu.emulator.faults.add({ action: 'TagResources', code: 'AuthFailure.UnauthorizedOperation', times: 1000 });
    const answer = (await fut.invoke(EVENT)) as { type: string; results: { code: string }[] };
    expect(answer.type).toBe('reset.failed');
    expect(answer.results.every((r) => r.code === 'State.Unavailable')).toBe(true);
    expect(fut.calls('ResetInstances')).toHaveLength(0);
  });
});
