import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadEvent } from '../../support/fixtures';
import { type FunctionUnderTest, startFunction } from '../../support/function';

describe('direct invocation, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('resets the instances of the request in one ResetInstances call', async () => {
    const answer = await fut.invoke(loadEvent('invoke', 'request'), { request_id: 'scf-invoke-1' });
    expect(answer).toMatchObject({ type: 'reset.accepted', status: 202 });
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([
      expect.objectContaining({ InstanceIdSet: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], KeepData: 'true' }),
    ]);
    const [msg] = fut.messages();
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    expect(msg).toMatchObject({
      trigger: { kind: 'invoke', id: 'scf-invoke-1' },
      request: { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], requestedBy: 'ops@example.com' },
      functionRequestId: 'scf-invoke-1',
    });
  });

  it('treats a second invocation with the same idempotencyKey as a duplicate, whatever its request id', async () => {
    const first = (await fut.invoke(loadEvent('invoke', 'request-idempotency-key'), { request_id: 'a' })) as { id: string };
    const second = await fut.invoke(loadEvent('invoke', 'request-idempotency-key'), { request_id: 'b' });
    expect(second).toMatchObject({ type: 'duplicate', id: first.id });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(fut.messages()).toHaveLength(1);
  });

  it('publishes reset.rejected for an event no trigger recognises (a COS notification)', async () => {
    const answer = await fut.invoke(loadEvent('unrecognized', 'cos'));
    expect(answer).toMatchObject({ type: 'reset.rejected', status: 400, error: { code: 'Event.Unrecognized' } });
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.messages()).toEqual([expect.objectContaining({ type: 'reset.rejected', trigger: { kind: 'invoke', id: expect.any(String) } })]);
  });
});
