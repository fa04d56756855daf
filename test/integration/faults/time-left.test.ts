import { afterEach, describe, expect, it } from 'vitest';
import { countResetStarts, deadLetters, expectNoPassword, expectOneEnd, settle } from '../../support/fault-support';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';
import { ledgerView } from '../../support/ledger';

/** SCF's time limit for these invocations, and how late the emulator answers the slowed action. */
const TIME_LIMIT_MS = 5000;
const DELAY_MS = 9000;

const POOL = fleetInstances(1, { pool: 'slow' }, 's');
const ID = POOL[0]?.instanceId as string;
const EVENT = timerEvent('time-left', { selector: 'tag:pool=slow', reason: 'slow API' });

/** What had happened when: each event with how many calls of the slowed action the emulator had answered by then. */
interface Timeline {
  events: { event: string; emulatorAnswered: number }[];
  outcome: Awaited<ReturnType<typeof settle>>;
}

/**
 * Invokes with a 5 s limit and notes, in the order they happen, the handler settling and SCF's
 * limit passing (a timer started before the invocation). The emulator logs a call only once it
 * has answered it, so its count says whether the delayed call was still in its hands.
 */
async function invokeAgainstTheLimit(fut: FunctionUnderTest, slowed: string): Promise<Timeline> {
  const events: Timeline['events'] = [];
  const note = (event: string) => events.push({ event, emulatorAnswered: fut.calls(slowed).length });
  const limitPassed = new Promise<void>((resolve) =>
    setTimeout(() => {
      note('SCF time limit');
      resolve();
    }, TIME_LIMIT_MS),
  );
  const outcome = await settle(fut.invoke(EVENT, { request_id: 'scf-async-time-left', time_limit_in_ms: TIME_LIMIT_MS }));
  note('handler settled');
  await limitPassed;
  return { events, outcome };
}

describe("every cloud call ends within the invocation's time left", () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it('a ResetInstances answered 9 s late is abandoned at the deadline: the handler settles before SCF kills it, with the result published', async () => {
    fut = await startFunction({ seed: { instances: POOL }, env: { RESET_ALLOW: 'tag:pool=slow' } });
    const starts = countResetStarts(fut);
    fut.emu.emulator.faults.add({ action: 'ResetInstances', delayMs: DELAY_MS });

    const t = await invokeAgainstTheLimit(fut, 'ResetInstances');

    // Settled first, then the limit passed, and the emulator was still holding the call all along.
    expect(t.events).toEqual([
      { event: 'handler settled', emulatorAnswered: 0 },
      { event: 'SCF time limit', emulatorAnswered: 0 },
    ]);
    expect(starts.size).toBe(0);
    expect(t.outcome).toMatchObject({ ok: true, value: { type: 'reset.failed' } });
    const answer = (t.outcome as { value: { id: string } }).value;
    // One terminal message on the topic, not a dead letter: the publication had its time.
    const end = expectOneEnd(fut, answer.id);
    expect(end).toMatchObject({ type: 'reset.failed', deadLettered: false });
    expect(end.results).toEqual([
      expect.objectContaining({ instanceId: ID, status: 'failed', code: 'Invocation.TimeLimit', message: expect.stringMatching(/look at the instance/) }),
    ]);
    // The call may still land, so the ledger keeps the instance reserved (fail closed), and no
    // reconciliation read started with no time left.
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).resetsOf(ID)).toEqual([answer.id]);
    expect(fut.logs.some((l) => l.includes('"event":"reset.reconcile.failed"') && l.includes('not sent'))).toBe(true);
    expect(fut.calls('ResetInstances')).toHaveLength(0);
    expectNoPassword(fut, t.outcome);
  });

  it('a PublishCmqMsg answered 9 s late is abandoned before SCF kills the invocation: the result goes to the dead letter, and SCF retries', async () => {
    fut = await startFunction({ seed: { instances: POOL }, env: { RESET_ALLOW: 'tag:pool=slow' } });
    fut.emu.emulator.faults.add({ action: 'PublishCmqMsg', delayMs: DELAY_MS, times: 10 });

    const t = await invokeAgainstTheLimit(fut, 'PublishCmqMsg');

    expect(t.events).toEqual([
      { event: 'handler settled', emulatorAnswered: 0 },
      { event: 'SCF time limit', emulatorAnswered: 0 },
    ]);
    expect(t.outcome.ok).toBe(false);
    if (!t.outcome.ok) expect(t.outcome.error.message).toMatch(/^Publish\.Failed: .*reset\.dead-letter/);
    const dead = deadLetters(fut);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.message).toMatchObject({ type: 'reset.accepted', results: [expect.objectContaining({ instanceId: ID, status: 'accepted' })] });
    // Sent once: a second attempt would not have had its time.
    expect(fut.logs.filter((l) => l.includes('"event":"cloud.retry"') && l.includes('tdmq:PublishCmqMsg'))).toEqual([]);
  });
});
