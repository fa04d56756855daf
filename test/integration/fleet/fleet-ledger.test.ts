import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../support/fault-support';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';
import { ledgerView } from '../../support/ledger';

const ENV = { RESET_ALLOW: 'tag:fleet=marks', RESET_MAX_INSTANCES_TIMER: '100', RESET_MAX_PER_HOUR: '1000' };
const EVENT = timerEvent('marks', { selector: 'tag:fleet=marks', reason: 'fleet ledger' });

describe('the ledger of a fleet', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('holds the whole fleet in one entry written before any ResetInstances, however large (no per-instance writes)', async () => {
    const instances = fleetInstances(45, { fleet: 'marks' }, 'k');
    fut = await startFunction({ seed: { instances }, env: ENV });
    const answer = (await fut.invoke(EVENT)) as { id: string; type: string };
    expect(answer.type).toBe('reset.accepted');
    const actions = fut.calls().map((c) => c.action);
    const firstReset = actions.indexOf('ResetInstances');
    // The decision: one PutObject before the resets (the outcome and its "sent" mark come after).
    expect(actions.slice(0, firstReset).filter((a) => a === 'PutObject')).toHaveLength(1);
    expect(actions.filter((a) => a === 'PutObject')).toHaveLength(3);
    expect(actions.filter((a) => a === 'TagResources')).toHaveLength(0);
    const ledger = ledgerView(fut.emu.emulator, fut.emu.credential);
    for (const i of instances) expect(await ledger.resetsOf(i.instanceId)).toEqual([answer.id]);
  });

  it('when the ledger cannot be written, none of the fleet is reset and nothing is published', async () => {
    fut = await startFunction({ seed: { instances: fleetInstances(45, { fleet: 'marks' }, 'k') }, env: ENV });
    fut.emu.emulator.faults.add({ action: 'PutObject', code: 'AccessDenied', times: 1000 });
    const r = await settle(fut.invoke(EVENT));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^State\.Unavailable: /);
    expect(fut.calls('ResetInstances')).toHaveLength(0);
    expect(fut.messages()).toEqual([]);
  });
});
