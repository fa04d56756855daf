import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { alarmBody, alarmEvent, http, mark, messagesSince, resetsSince, startGuarded } from '../../support/guard-support';
import { ledgerView } from '../../support/ledger';

/** Polls (real time) until `done` holds; the emulator's fault delays are real time too. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250; i += 1) {
    if (done()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the guardrail state is written before the result is published', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startGuarded();
  });
  afterEach(() => fut.close());

  it('a consumer that sees reset.accepted finds the instance already held by the ledger under its id', async () => {
    const m = mark(fut);
    // A slow ledger write: the message must wait for it.
    fut.emu.emulator.faults.add({ action: 'PutObject', delayMs: 400, times: 1 });
    const first = http(fut, alarmEvent(alarmBody('alarm-slow-tags')));
    await until(() => messagesSince(fut, m).length > 0, 'the result message');
    const [msg] = messagesSince(fut, m);
    expect(msg?.['type']).toBe('reset.accepted');
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).resetsOf('ein-aaaaaaaa')).toEqual([msg?.['id']]);
    expect((await first).status).toBe(200);
  });

  it('Cloud Monitor pushing the alarm again while the first invocation still publishes resets nothing more', async () => {
    const m = mark(fut);
    // The first invocation is slow to answer (a slow publish), so Cloud Monitor's 5 s timeout pushes again.
    fut.emu.emulator.faults.add({ action: 'PublishCmqMsg', delayMs: 600, times: 1 });
    const event = alarmEvent(alarmBody('alarm-pushed-twice'));
    const first = http(fut, event);
    const ledger = ledgerView(fut.emu.emulator, fut.emu.credential);
    for (let i = 0; i < 250 && (await ledger.resetsOf('ein-aaaaaaaa')).length === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    const second = await http(fut, event);
    expect(second.status).toBe(200);
    expect((await first).status).toBe(200);
    expect(resetsSince(fut, m)).toHaveLength(1);
    expect(messagesSince(fut, m).map((x) => x['type'])).toEqual(['reset.accepted']);
  });
});
