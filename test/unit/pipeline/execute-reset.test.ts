import { describe, expect, it } from 'vitest';
import { executeReset, RESET_BATCH_MAX, type ResetSettings } from '../../../lib/function/pipeline/execute-reset';
import type { EcmInstance } from '../../../lib/function/ports/cloud-ports';
import type { InstanceResult } from '../../../lib/function/result/result-message';
import { type FakeCloud, fakeCloud, ids, invocation } from '../../support/fake-cloud';

const SETTINGS: ResetSettings = { imageId: null, password: 'S3cret-Pass#1', keepData: true, keepImageLogin: false, enhancedService: null };

async function reset(
  f: FakeCloud,
  settings: ResetSettings = SETTINGS,
): Promise<{ results: InstanceResult[]; notStarted: ReadonlySet<string>; logs: string[] }> {
  const { inv, logs, clock } = invocation(f.cloud);
  const targets = [...f.instances.values()] as EcmInstance[];
  const p = executeReset(inv, targets, settings);
  await clock.run();
  const { results, notStarted } = await p;
  return { results, notStarted, logs };
}

const statuses = (results: readonly InstanceResult[]) => Object.fromEntries(results.map((r) => [r.instanceId, r.status]));
const everyOnce = (f: FakeCloud, which: readonly string[]) => expect(Object.fromEntries(f.starts)).toEqual(Object.fromEntries(which.map((id) => [id, 1])));

describe('executeReset', () => {
  it('sends at most 100 ids per call and reports each instance accepted', async () => {
    const all = ids(250);
    const f = fakeCloud(all);
    const { results } = await reset(f);
    expect(f.resetCalls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(f.resetCalls.every((c) => c.length <= RESET_BATCH_MAX)).toBe(true);
    expect(results).toHaveLength(250);
    expect(results.every((r) => r.status === 'accepted' && r.code === 'Accepted' && r.apiRequestId !== null)).toBe(true);
    everyOnce(f, all);
  });

  it('splits a batch refused for one instance until the culprit stands alone, resetting the rest once', async () => {
    const all = ids(100);
    const f = fakeCloud(all);
    f.bad.add('ein-i0000037');
    const { results, notStarted } = await reset(f);
    expect([...notStarted]).toEqual(['ein-i0000037']);
    const bad = results.find((r) => r.instanceId === 'ein-i0000037');
    expect(bad).toMatchObject({ status: 'failed', code: 'InvalidParameterValue.InvalidImageArchitecture', apiRequestId: 'req-bad' });
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(99);
    everyOnce(
      f,
      all.filter((id) => id !== 'ein-i0000037'),
    );
    // log2(100) levels of halves: a handful of calls, not one per instance.
    expect(f.resetCalls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100)) + 1);
  });

  it('after an ambiguous failure that did take effect: reconciles, accepts, resends nothing', async () => {
    const all = ids(5);
    const f = fakeCloud(all);
    f.script = ['ambiguous-after'];
    const { results, logs } = await reset(f);
    expect(f.resetCalls).toHaveLength(1);
    expect(Object.values(statuses(results))).toEqual(all.map(() => 'accepted'));
    expect(results[0]?.message).toContain('confirmed by DescribeInstances');
    expect(logs.some((l) => l.includes('"event":"reset.reconciled"'))).toBe(true);
    everyOnce(f, all);
  });

  it('after an ambiguous failure that did not take effect: sends the same ids once more', async () => {
    const all = ids(5);
    const f = fakeCloud(all);
    f.script = ['ambiguous-before'];
    const { results } = await reset(f);
    expect(f.resetCalls).toEqual([all, all]);
    expect(Object.values(statuses(results))).toEqual(all.map(() => 'accepted'));
    everyOnce(f, all);
  });

  it('resends only the instances that did not start', async () => {
    const all = ids(4);
    const f = fakeCloud(all);
    // Two of them are already reinstalling by the time we look: as if half the batch had gone through.
    f.script = ['ambiguous-before'];
    const started = all.slice(0, 2);
    const original = f.cloud.describeIds.bind(f.cloud);
    f.cloud.describeIds = async (wanted) => {
      for (const id of started) {
        const i = f.instances.get(id) as EcmInstance;
        if (i.latestOperationState !== 'OPERATING') {
          f.instances.set(id, { ...i, latestOperation: 'ResetInstances', latestOperationState: 'OPERATING' });
          f.starts.set(id, 1);
        }
      }
      return original(wanted);
    };
    const { results } = await reset(f);
    expect(f.resetCalls).toEqual([all, all.slice(2)]);
    expect(Object.values(statuses(results))).toEqual(all.map(() => 'accepted'));
    everyOnce(f, all);
  });

  it('never sends a third time: two unanswered calls that did not start leave the instances failed', async () => {
    const all = ids(3);
    const f = fakeCloud(all);
    f.script = ['ambiguous-before', 'ambiguous-before'];
    const { results, notStarted } = await reset(f);
    // The second call's answer was lost too: it may still land, so nothing is known not to have started.
    expect(notStarted.size).toBe(0);
    expect(f.resetCalls).toHaveLength(2);
    expect(results.every((r) => r.status === 'failed' && r.message.includes('did not start'))).toBe(true);
    expect(f.starts.size).toBe(0);
  });

  it('does not resend when the outcome cannot be checked', async () => {
    const all = ids(3);
    const f = fakeCloud(all);
    f.script = ['ambiguous-before'];
    f.describeFails = true;
    const { results, notStarted } = await reset(f);
    expect(notStarted.size).toBe(0);
    expect(f.resetCalls).toHaveLength(1);
    expect(results.every((r) => r.status === 'failed' && r.message.includes('could not be checked'))).toBe(true);
  });

  it('counts a lost call that lands before the resend as ours (the resend meets it in progress)', async () => {
    const all = ids(3);
    const f = fakeCloud(all);
    f.script = ['ambiguous-before'];
    f.lateLanding = true;
    const { results, notStarted } = await reset(f);
    expect(notStarted.size).toBe(0);
    expect(Object.values(statuses(results))).toEqual(all.map(() => 'accepted'));
    expect(results.every((r) => r.message === 'reinstall started by the unanswered call')).toBe(true);
    everyOnce(f, all);
  });

  it('reports a batch still throttled after the retries as failed with the code, per instance', async () => {
    const f = fakeCloud(ids(2));
    f.script = ['throttled'];
    const { results, notStarted } = await reset(f);
    expect([...notStarted].sort()).toEqual(ids(2));
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['failed', 'RequestLimitExceeded'],
      ['failed', 'RequestLimitExceeded'],
    ]);
  });

  it('starts no ResetInstances after the reset cutoff: the batches not sent are failed as not started (Invocation.TimeLimit)', async () => {
    const all = ids(250);
    const f = fakeCloud(all);
    const { inv, clock } = invocation(f.cloud);
    inv.resetCutoff = clock.now() - 1;
    const p = executeReset(inv, [...f.instances.values()] as EcmInstance[], SETTINGS);
    await clock.run();
    const { results, notStarted } = await p;
    expect(f.resetCalls).toHaveLength(0);
    expect(results.every((r) => r.status === 'failed' && r.code === 'Invocation.TimeLimit')).toBe(true);
    expect(notStarted.size).toBe(250);
  });

  it('keeps the other batches when one fails unexpectedly', async () => {
    const all = ids(150);
    const f = fakeCloud(all);
    const original = f.cloud.resetInstances.bind(f.cloud);
    f.cloud.resetInstances = async (p) => {
      if (p.instanceIds.includes('ein-i0000120')) throw new TypeError('a bug');
      return original(p);
    };
    const { results } = await reset(f);
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(100);
    expect(results.filter((r) => r.status === 'failed' && r.code === 'Internal')).toHaveLength(50);
  });

  it('never lets the password into a result, even if an error message echoes it', async () => {
    const f = fakeCloud(ids(1));
    f.cloud.resetInstances = async (p) => {
      const { CloudCallError } = await import('../../../lib/function/ports/cloud-error');
      throw new CloudCallError('ecm', 'ResetInstances', 'rejected', `bad password ${p.password ?? ''}`, 'InvalidParameterValue.InvaildPassword', 'r', null);
    };
    const { results, logs } = await reset(f);
    expect(JSON.stringify(results)).not.toContain(SETTINGS.password as string);
    expect(results[0]?.code).toBe('InvalidParameterValue.InvaildPassword');
    expect(logs.join('\n')).not.toContain('S3cret-Pass#1');
  });
});
