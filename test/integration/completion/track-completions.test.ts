import { afterEach, describe, expect, it } from 'vitest';
import { pendingCompletions } from '../../../lib/function/ledger/ledger-state';
import type { ResultMessage } from '../../../lib/function/result/result-message';
import { deadLetters, expectNoPassword, settle } from '../../support/fault-support';
import { TRACK_TIMER, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';
import { ledgerView } from '../../support/ledger';

type Sweep = { type: string; completed: string[]; stillRunning: number };

const completed = (fut: FunctionUnderTest, id: string): ResultMessage[] =>
  fut.messages().filter((m) => m['id'] === id && m['type'] === 'reset.completed') as unknown as ResultMessage[];

/** The request each instance waits on for its completion report, as the ledger holds it. */
async function pendingFor(fut: FunctionUnderTest, ids: readonly string[]): Promise<(string | undefined)[]> {
  const pending = pendingCompletions(await ledgerView(fut.emu.emulator, fut.emu.credential).state());
  const byInstance = new Map([...pending].flatMap(([rid, members]) => members.map((m) => [m.instanceId, rid] as const)));
  return ids.map((id) => byInstance.get(id));
}

async function resetByTimer(fut: FunctionUnderTest, instanceIds: string[]): Promise<string> {
  const answer = (await fut.invoke(timerEvent('track-test', { instanceIds, reason: 'completion test' }))) as { id: string; type: string };
  expect(answer.type).toBe('reset.accepted');
  return answer.id;
}

describe('completion tracking: reset.completed once every instance has finished or timed out', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it('reports succeeded and failed reinstalls of one request in one message, then stops tracking them', async () => {
    fut = await startFunction();
    const ids = ['ein-aaaaaaaa', 'ein-flaky001'];
    const id = await resetByTimer(fut, ids);
    expect(await pendingFor(fut, ids)).toEqual([id, id]);

    // Still reinstalling: nothing to report yet.
    const early = (await fut.invoke(TRACK_TIMER)) as Sweep;
    expect(early).toMatchObject({ type: 'completion.sweep', completed: [], stillRunning: 2 });
    expect(completed(fut, id)).toEqual([]);

    fut.clock.advance(4_000); // the demo seed's resets take 3 s
    const sweep = (await fut.invoke(TRACK_TIMER)) as Sweep;
    expect(sweep).toMatchObject({ completed: [id], stillRunning: 0 });
    const [message, ...more] = completed(fut, id);
    expect(more).toEqual([]);
    expect(message?.trigger).toEqual({ kind: 'timer', id: 'track-completions' });
    expect(message?.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ instanceId: 'ein-aaaaaaaa', status: 'succeeded', code: 'SUCCESS' }),
        expect.objectContaining({ instanceId: 'ein-flaky001', status: 'failed', code: 'FAILED' }),
      ]),
    );
    expect(message?.error).toMatchObject({ message: expect.stringContaining('1 of 2') as string });
    expect(await pendingFor(fut, ids)).toEqual([undefined, undefined]);

    // A later sweep has nothing left to say about it.
    await fut.invoke(TRACK_TIMER);
    expect(completed(fut, id)).toHaveLength(1);
    expectNoPassword(fut, sweep);
  });

  it('reports an instance still reinstalling after RESET_COMPLETION_TIMEOUT as timed-out', async () => {
    fut = await startFunction({ seed: { resetDurationMs: 10 * 3600_000 }, env: { RESET_COMPLETION_TIMEOUT: '600' } });
    const id = await resetByTimer(fut, ['ein-web00003']);

    fut.clock.advance(300_000);
    expect(await fut.invoke(TRACK_TIMER)).toMatchObject({ completed: [], stillRunning: 1 });

    fut.clock.advance(301_000);
    expect(await fut.invoke(TRACK_TIMER)).toMatchObject({ completed: [id], stillRunning: 0 });
    const [message] = completed(fut, id);
    expect(message?.results).toEqual([
      expect.objectContaining({
        instanceId: 'ein-web00003',
        status: 'timed-out',
        code: 'Completion.Timeout',
        message: expect.stringContaining('ResetInstances/OPERATING') as string,
      }),
    ]);
  });

  it('keeps separate requests apart: each gets its own reset.completed when its instances are done', async () => {
    fut = await startFunction();
    const first = await resetByTimer(fut, ['ein-aaaaaaaa']);
    fut.clock.advance(2_000);
    const second = await resetByTimer(fut, ['ein-bbbbbbbb']);

    fut.clock.advance(1_500); // the first is done, the second is not
    expect(await fut.invoke(TRACK_TIMER)).toMatchObject({ completed: [first], stillRunning: 1 });
    fut.clock.advance(2_000);
    expect(await fut.invoke(TRACK_TIMER)).toMatchObject({ completed: [second], stillRunning: 0 });
    expect(completed(fut, first)).toHaveLength(1);
    expect(completed(fut, second)[0]?.results).toEqual([expect.objectContaining({ instanceId: 'ein-bbbbbbbb', status: 'succeeded' })]);
  });

  it('writes a dead letter when reset.completed cannot be published, fails the sweep, and does not repeat it on retry', async () => {
    fut = await startFunction();
    const id = await resetByTimer(fut, ['ein-aaaaaaaa']);
    fut.clock.advance(4_000);
    fut.emu.emulator.faults.add({ action: 'PublishCmqMsg', code: 'InternalError', times: 1000 });
    const r = await settle(fut.invoke(TRACK_TIMER, { request_id: 'scf-sweep-1' }));
    expect(r.ok).toBe(false);
    const [dead, ...others] = deadLetters(fut);
    expect(others).toEqual([]);
    expect(dead?.message).toMatchObject({ type: 'reset.completed', id, results: [expect.objectContaining({ status: 'succeeded' })] });

    fut.emu.emulator.faults.clear();
    expect(await fut.invoke(TRACK_TIMER, { request_id: 'scf-sweep-1' })).toMatchObject({ completed: [], stillRunning: 0 });
    expect(completed(fut, id)).toEqual([]);
    expect(deadLetters(fut)).toHaveLength(1);
  });
});
