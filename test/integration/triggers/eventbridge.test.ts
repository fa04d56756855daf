import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadEvent } from '../../support/fixtures';
import { type FunctionUnderTest, startFunction } from '../../support/function';

interface Answer {
  type: string;
  status: number;
  results: { instanceId: string; status: string; code: string }[];
  error?: { code: string; message: string };
}

describe('EventBridge trigger, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('resets the instance a firing Cloud Monitor event names (status "1", subject ein-…)', async () => {
    const answer = (await fut.invoke(loadEvent('eventbridge', 'alarm'))) as Answer;
    expect(answer).toMatchObject({ type: 'reset.accepted', status: 202 });
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([expect.objectContaining({ InstanceIdSet: ['ein-aaaaaaaa'] })]);
    const [msg] = fut.messages();
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    expect(msg).toMatchObject({
      trigger: { kind: 'eventbridge', id: '13a3f42d-7258-4ada-da6d-023a333b4662' },
      request: { instanceIds: ['ein-aaaaaaaa'], requestedBy: 'eventbridge-alarm', reason: 'alarm: event ecm:ErrorEvent:ping_unreachable' },
    });
  });

  it('ignores a recovery event (numeric status 0)', async () => {
    const answer = (await fut.invoke(loadEvent('eventbridge', 'alarm-recovered-numeric-status'))) as Answer;
    expect(answer).toMatchObject({ type: 'ignored', status: 200 });
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.messages()).toEqual([]);
  });

  it('maps the UUID of the HTTP-callback rendering to the instance', async () => {
    await fut.invoke(loadEvent('eventbridge', 'http-callback-data'));
    expect(fut.calls('DescribeInstances').some((c) => JSON.stringify(c.params).includes('instance-uuid'))).toBe(true);
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([expect.objectContaining({ InstanceIdSet: ['ein-aaaaaaaa'] })]);
  });

  it('refuses a CVM alarm event', async () => {
    const answer = (await fut.invoke(loadEvent('eventbridge', 'cvm-alarm'))) as Answer;
    expect(answer).toMatchObject({ type: 'reset.rejected', status: 400, error: { code: 'Request.Invalid' } });
    expect(answer.error?.message).toContain('ins-sjdksjk');
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.messages()).toEqual([expect.objectContaining({ type: 'reset.rejected' })]);
  });

  it('reads a request in data (sample spelling subject as "subjuect")', async () => {
    const answer = (await fut.invoke(loadEvent('eventbridge', 'subjuect-typo-request'))) as Answer;
    expect(answer.type).toBe('reset.accepted');
    expect(fut.messages()[0]).toMatchObject({ request: { reason: 'eventbridge reinstall', requestedBy: 'eventbridge:apigw.cloud.tencent' } });
  });

  it('reads a request in the TDMQ connector msgBody, and rejects the doc sample whose msgBody is not JSON', async () => {
    expect(await fut.invoke(loadEvent('eventbridge', 'tdmq-connector'))).toMatchObject({ type: 'reset.accepted' });
    expect(await fut.invoke(loadEvent('eventbridge', 'tdmq-connector-doc-sample'))).toMatchObject({ type: 'reset.rejected', status: 400 });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(fut.messages().map((m) => m['type'])).toEqual(['reset.accepted', 'reset.rejected']);
  });

  it('reports each event of a batched delivery (EventList) on its own', async () => {
    const answer = (await fut.invoke(loadEvent('eventbridge', 'batch-eventlist'))) as { records: Answer[] };
    expect(answer.records.map((r) => r.type)).toEqual(['reset.accepted', 'reset.rejected', 'reset.rejected']);
    // The alarm names the instance the first event just reset: it is busy (and cooling down).
    expect(answer.records[1]?.status).toBe(409);
    expect(answer.records[2]).toMatchObject({ status: 400, error: { code: 'Request.Invalid' } });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    const msgs = fut.messages();
    expect(msgs.map((m) => m['type'])).toEqual(['reset.accepted', 'reset.rejected', 'reset.rejected']);
    expect(msgs.every((m) => v.is(ResultMessageSchema, m))).toBe(true);
    expect(new Set(msgs.map((m) => m['id'])).size).toBe(3);
  });
});
