import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_EVENT } from '../../../lib/function/result/publish-result';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { countResetStarts, expectNoPassword, settle } from '../../support/fault-support';
import { fleetInstances, timerEvent } from '../../support/fleet-support';
import { type FunctionUnderTest, startFunction } from '../../support/function';

const POOL = fleetInstances(4, { pool: 'dl' }, 'd');
const EVENT = timerEvent('dead-letter', { selector: 'tag:pool=dl' });
const CONTEXT = { request_id: 'scf-async-0001' };

describe('when PublishCmqMsg fails every time', () => {
  let fut: FunctionUnderTest;
  let starts: Map<string, number>;
  let first: Awaited<ReturnType<typeof settle>>;
  beforeAll(async () => {
    fut = await startFunction({ seed: { instances: POOL }, env: { RESET_ALLOW: 'tag:pool=dl' } });
    starts = countResetStarts(fut);
    fut.emu.emulator.faults.add({ action: 'PublishCmqMsg', httpStatus: 500, times: 1000 });
    first = await settle(fut.invoke(EVENT, CONTEXT));
  });
  afterAll(() => fut.close());

  it('writes the full result message to the log as one dead-letter line', () => {
    const lines = fut.logs.filter((l) => l.includes(DEAD_LETTER_EVENT));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', event: DEAD_LETTER_EVENT, deadLetter: true, topic: 'ecm-reset-results', publishedParts: 0 });
    const message = v.parse(ResultMessageSchema, line['message']);
    expect(message).toMatchObject({
      type: 'reset.accepted',
      id: line['id'],
      trigger: { kind: 'timer', id: 'dead-letter' },
      functionRequestId: CONTEXT.request_id,
    });
    expect(message.results.map((r) => [r.instanceId, r.status])).toEqual(POOL.map((i) => [i.instanceId, 'accepted']));
    expect(fut.emu.emulator.messages).toEqual([]);
  });

  it('fails the async invocation so SCF records and retries it', () => {
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.error.message).toMatch(/^Publish\.Failed: .*reset\.dead-letter/);
  });

  it('resets nothing when SCF retries the same event', async () => {
    fut.emu.emulator.faults.clear();
    const resetsBefore = fut.calls('ResetInstances').length;
    const again = await settle(fut.invoke(EVENT, CONTEXT));
    expect(again).toMatchObject({ ok: true, value: { type: 'duplicate' } });
    expect(fut.calls('ResetInstances')).toHaveLength(resetsBefore);
    expect(Object.fromEntries(starts)).toEqual(Object.fromEntries(POOL.map((i) => [i.instanceId, 1])));
    expect(fut.logs.filter((l) => l.includes(DEAD_LETTER_EVENT))).toHaveLength(1);
    expectNoPassword(fut, first.ok ? first.value : first.error);
  });
});
