import { afterEach, describe, expect, it } from 'vitest';
import { countResetStarts, deadLetters, expectNoPassword, expectOneEnd, FAULT_ENV, FAULT_KINDS, settle } from '../../support/fault-support';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';

const STAGES = ['DescribeInstances', 'GetObject', 'PutObject', 'GetSecretValue', 'ResetInstances', 'PublishCmqMsg'] as const;
const POOL = fleetInstances(5, { pool: 'matrix' }, 'm');
const CASES = STAGES.flatMap((stage) => Object.keys(FAULT_KINDS).map((kind) => ({ stage, kind })));

/**
 * One fault, once, at each stage: every kind is recovered (retried, or reconciled for
 * ResetInstances) and the request ends as if nothing had happened.
 */
describe('a transient fault at any stage is recovered', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it.each(CASES)('$kind at $stage', async ({ stage, kind }) => {
    fut = await startFunction({ seed: { instances: POOL }, env: { ...FAULT_ENV, RESET_ALLOW: 'tag:pool=matrix' } });
    const starts = countResetStarts(fut);
    fut.emu.emulator.faults.add({ action: stage, ...FAULT_KINDS[kind], times: 1 });

    const r = await settle(fut.invoke(timerEvent('matrix', { selector: 'tag:pool=matrix' }), { request_id: `scf-${stage}-${kind}` }));

    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const id = (r.ok ? r.value : {}) as { id: string; type: string };
    expect(id.type).toBe('reset.accepted');
    const end = expectOneEnd(fut, id.id);
    expect(end).toMatchObject({ type: 'reset.accepted', deadLettered: false });
    expect(end.results.map((x) => x.status)).toEqual(POOL.map(() => 'accepted'));
    expect(Object.fromEntries(starts)).toEqual(Object.fromEntries(POOL.map((i) => [i.instanceId, 1])));
    expect(fut.emu.emulator.faults.list(), 'the fault was hit').toEqual([]);
    expect(deadLetters(fut)).toEqual([]);
    expectNoPassword(fut, r.ok ? r.value : r.error);
  });
});
