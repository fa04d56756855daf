import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../support/emulator';
import { httpAnswer, signedResetEvent, startFunction, type FunctionUnderTest } from '../../support/function';

describe('guardrail state that does not stick', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(() => fut?.close());

  it('logs guard.state.write-failed when TagResources reports the instance in FailedResources', async () => {
    // 50 tags is the Tag API's limit per resource: ours cannot be added, and TagResources says so per resource.
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const seed = demoSeed();
    const instances = (seed.instances ?? []).map((i) => (i.instanceId === 'ein-aaaaaaaa' ? { ...i, tags } : i));
    fut = await startFunction({ seed: { instances } });
    const r = httpAnswer(await fut.invoke(signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'full tags' })));
    expect(r.status).toBe(202);
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    const failure = fut.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['event'] === 'guard.state.write-failed');
    expect(failure?.['reason']).toMatch(/TagResources failed for 1 resource/);
  });
});
