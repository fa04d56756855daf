import { afterEach, describe, expect, it } from 'vitest';
import type { FaultInput } from '../../../lib/tools/emulator/index';
import { countResetStarts, expectNoPassword, expectOneEnd, FAULT_ENV } from '../../support/fault-support';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';

const POOL = fleetInstances(3, { pool: 'recon' }, 'r');
const IDS = POOL.map((i) => i.instanceId);
const EVENT = timerEvent('recon', { selector: 'tag:pool=recon' });

type Answer = { id: string; type: string; results: { instanceId: string; status: string; message: string }[] };

async function run(fault: FaultInput): Promise<{ fut: FunctionUnderTest; starts: Map<string, number>; answer: Answer }> {
  const fut = await startFunction({ seed: { instances: POOL }, env: { ...FAULT_ENV, RESET_ALLOW: 'tag:pool=recon' } });
  const starts = countResetStarts(fut);
  fut.emu.emulator.faults.add(fault);
  const answer = (await fut.invoke(EVENT)) as Answer;
  return { fut, starts, answer };
}

const idsOf = (params: unknown): string[] => (params as { InstanceIdSet: string[] }).InstanceIdSet;

/** Waits (briefly) until the emulator has logged `n` calls of an action: a late call lands after the invocation. */
async function untilCalls(fut: FunctionUnderTest, action: string, n: number): Promise<void> {
  for (let i = 0; i < 100 && fut.calls(action).length < n; i++) await new Promise((r) => setTimeout(r, 50));
}

describe('after an ambiguous ResetInstances failure the function reconciles instead of resending', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it.each<[string, FaultInput]>([
    ['the connection drops after the reset started', { action: 'ResetInstances', dropConnection: true, when: 'after' }],
    ['a 502 comes back after the reset started', { action: 'ResetInstances', httpStatus: 502, when: 'after' }],
    ['InternalError comes back after the reset started', { action: 'ResetInstances', code: 'InternalError', when: 'after' }],
  ])('%s: DescribeInstances shows it started, nothing is resent, the result says accepted', async (_, fault) => {
    const r = await run(fault);
    fut = r.fut;
    expect(r.answer.type).toBe('reset.accepted');
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(Object.fromEntries(r.starts)).toEqual(Object.fromEntries(IDS.map((id) => [id, 1])));
    const end = expectOneEnd(fut, r.answer.id);
    expect(end.results.map((x) => [x.instanceId, x.status])).toEqual(IDS.map((id) => [id, 'accepted']));
    expect(end.results.every((x) => x.message.includes('confirmed by DescribeInstances'))).toBe(true);
    // The reconciliation read the very instances of the batch.
    const reads = fut.calls('DescribeInstances').filter((c) => JSON.stringify(c.params).includes('"instance-id"'));
    expect(reads.flatMap((c) => (c.params as { Filters: { Values: string[] }[] }).Filters.flatMap((f) => f.Values)).sort()).toEqual(IDS);
    expectNoPassword(fut, r.answer);
  });

  it('a call that provably did not start (dropped before it reached ECM) is sent once more, and only once', async () => {
    const r = await run({ action: 'ResetInstances', dropConnection: true });
    fut = r.fut;
    expect(r.answer.type).toBe('reset.accepted');
    const calls = fut.calls('ResetInstances');
    expect(calls.map((c) => idsOf(c.params))).toEqual([IDS, IDS]);
    expect(calls.map((c) => c.error)).toEqual([null, null]);
    expect(Object.fromEntries(r.starts)).toEqual(Object.fromEntries(IDS.map((id) => [id, 1])));
    expect(expectOneEnd(fut, r.answer.id).type).toBe('reset.accepted');
  });

  it('a lost call that lands after the resend meets the reset in progress: one reset per instance', async () => {
    // Past the 1 s client timeout and the 1 s reconciliation grace: the resend goes first.
    const r = await run({ action: 'ResetInstances', delayMs: 2500 });
    fut = r.fut;
    expect(r.answer.type).toBe('reset.accepted');
    await untilCalls(fut, 'ResetInstances', 2);
    const calls = fut.calls('ResetInstances');
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.error?.code ?? null).sort()).toEqual(['OperationDenied.InstanceOperationInProgress', null].sort());
    expect(Object.fromEntries(r.starts)).toEqual(Object.fromEntries(IDS.map((id) => [id, 1])));
  });

  it('when neither the call nor its resend start, the instances are reported failed, never reset', async () => {
    const r = await run({ action: 'ResetInstances', httpStatus: 503, times: 2 });
    fut = r.fut;
    expect(r.answer.type).toBe('reset.failed');
    expect(fut.calls('ResetInstances')).toHaveLength(2);
    expect(r.starts.size).toBe(0);
    const end = expectOneEnd(fut, r.answer.id);
    expect(end.results.map((x) => x.status)).toEqual(IDS.map(() => 'failed'));
  });
});
