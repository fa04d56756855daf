import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadEvent } from '../../support/fixtures';
import { type FunctionUnderTest, startFunction } from '../../support/function';

interface Records {
  records: { type: string; status: number }[];
}

describe('CKafka trigger, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('resets each record on its own, identified by topic:partition:offset', async () => {
    const answer = (await fut.invoke(loadEvent('ckafka', 'two-records'))) as Records;
    expect(answer.records.map((r) => [r.type, r.status])).toEqual([
      ['reset.accepted', 202],
      ['reset.accepted', 202],
    ]);
    expect(fut.calls('ResetInstances').map((c) => (c.params as { InstanceIdSet: string[] }).InstanceIdSet)).toEqual([['ein-aaaaaaaa'], ['ein-bbbbbbbb']]);
    const msgs = fut.messages();
    expect(msgs.every((m) => v.is(ResultMessageSchema, m))).toBe(true);
    expect(msgs.map((m) => m['trigger'])).toEqual([
      { kind: 'ckafka', id: 'ecm-reset:1:36' },
      { kind: 'ckafka', id: 'ecm-reset:1:37' },
    ]);
    expect(msgs[0]).toMatchObject({ request: { requestedBy: 'ckafka:ecm-reset' } });
  });

  it('rejects each record of the doc sample (plain text bodies) and publishes one reset.rejected each', async () => {
    const answer = (await fut.invoke(loadEvent('ckafka', 'doc-sample'))) as Records;
    expect(answer.records.map((r) => [r.type, r.status])).toEqual([
      ['reset.rejected', 400],
      ['reset.rejected', 400],
    ]);
    expect(fut.calls('ResetInstances')).toEqual([]);
    expect(fut.messages().map((m) => m['type'])).toEqual(['reset.rejected', 'reset.rejected']);
  });
});
