import { afterEach, describe, expect, it } from 'vitest';
import { type FunctionUnderTest, httpAnswer, instanceTags as tagsOf } from '../../support/function';
import { signed, startGuarded } from '../../support/guard-support';

const IDS = ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-web00003', 'ein-db000002', 'ein-legacy01', 'ein-flaky001'];

describe('the invocation time limit', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('a batch split call after call stops sending before the time runs out: the rest fail as not sent, their marks come back, and the one result is published', async () => {
    fut = await startGuarded({ env: { RESET_ALLOW: '*', RESET_MAX_INSTANCES: '20' } });
    // Every call is refused for "one instance's sake" after 400 ms: the batch is halved again and again.
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'InvalidParameterValue.InvalidImageArchitecture', delayMs: 400, times: 1000 });
    const before = Object.fromEntries(IDS.map((id) => [id, tagsOf(fut as FunctionUnderTest, id)]));
    // 3 s limit: answer due 1.5 s in, no ResetInstances call after 1 s.
    const r = httpAnswer(await fut.invoke(signed(fut, { instanceIds: IDS, reason: 'short time' }), { time_limit_in_ms: 3000 }));
    const results = (r.body['results'] ?? []) as { instanceId: string; status: string; code: string }[];
    expect(results).toHaveLength(IDS.length);
    expect(results.every((x) => x.status === 'failed')).toBe(true);
    expect(results.some((x) => x.code === 'Invocation.TimeLimit')).toBe(true);
    // Halving six ids down to one each needs 1 + 2 + 4 + 6 calls; the cutoff leaves fewer.
    expect(fut.calls('ResetInstances').length).toBeLessThan(13);
    expect(fut.messages().map((m) => m['type'])).toEqual(['reset.failed']);
    // Nothing started, so every mark is given back.
    for (const id of IDS) expect(tagsOf(fut, id)).toEqual(before[id]);
  });
});
