import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

describe('POST /reset through API Gateway', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startFunction();
  });
  afterAll(() => fut.close());

  it('resets an allowed instance and publishes reset.accepted', async () => {
    const r = httpAnswer(await fut.invoke(signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' })));
    expect(r.status).toBe(202);
    expect(r.body['type']).toBe('reset.accepted');
    const resets = fut.calls('ResetInstances');
    expect(resets).toHaveLength(1);
    expect(resets[0]?.params).toMatchObject({ InstanceIdSet: ['ein-aaaaaaaa'], KeepData: 'true' });
    const [msg] = fut.messages();
    expect(msg).toMatchObject({
      version: 1,
      type: 'reset.accepted',
      trigger: { kind: 'http' },
      request: { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' },
    });
    const everything = JSON.stringify([r, fut.messages(), fut.logs, fut.calls()]);
    expect(everything).not.toContain('Demo-Reset#2024x');
  });
});
