import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadEvent } from '../../support/fixtures';
import { type FunctionUnderTest, startFunction } from '../../support/function';

interface Records {
  records: { id: string | null; type: string; status: number; results: { instanceId: string; status: string }[]; error?: { code: string } }[];
}

describe('CMQ topic and queue trigger, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  it('resets the instance of a topic record (msgTag as a string) and reports it per record', async () => {
    const answer = (await fut.invoke(loadEvent('cmq', 'topic-string-tags'))) as Records;
    expect(answer.records).toHaveLength(1);
    expect(answer.records[0]).toMatchObject({ type: 'reset.accepted', status: 202 });
    const [msg] = fut.messages();
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    expect(msg).toMatchObject({ trigger: { kind: 'cmq', id: '123345346' }, request: { instanceIds: ['ein-aaaaaaaa'], requestedBy: 'cmq:ecm-reset-requests' } });
  });

  it('reads a record with msgTag as a list and a numeric topicOwner', async () => {
    const answer = (await fut.invoke(loadEvent('cmq', 'topic-array-tags-numeric-owner'))) as Records;
    expect(answer.records[0]).toMatchObject({ type: 'reset.accepted' });
    expect(fut.calls('ResetInstances').map((c) => c.params)).toEqual([expect.objectContaining({ InstanceIdSet: ['ein-bbbbbbbb'] })]);
  });

  it('fails a bad record alone: the good one is reset, the bad one is rejected, each with its own message', async () => {
    const answer = (await fut.invoke(loadEvent('cmq', 'queue-two-records-one-bad'))) as Records;
    expect(answer.records.map((r) => [r.type, r.status])).toEqual([
      ['reset.accepted', 202],
      ['reset.rejected', 400],
    ]);
    expect(answer.records[1]?.error).toMatchObject({ code: 'Request.Invalid' });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    const msgs = fut.messages();
    expect(msgs.map((m) => [m['type'], (m['trigger'] as { id: string }).id])).toEqual([
      ['reset.accepted', '281474976710657'],
      ['reset.rejected', '281474976710658'],
    ]);
    expect(msgs.every((m) => v.is(ResultMessageSchema, m))).toBe(true);
  });

  it('logs one JSON line per decision: one reset.decision per record, each with its outcome and codes', async () => {
    const answer = (await fut.invoke(loadEvent('cmq', 'queue-two-records-one-bad'))) as Records;
    const lines = fut.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const decisions = lines.filter((l) => l['event'] === 'reset.decision');
    expect(decisions.map((d) => [d['id'], d['outcome'], d['status']])).toEqual(answer.records.map((r) => [r.id, r.type, r.status]));
    expect(decisions[0]).toMatchObject({
      level: 'info',
      trigger: { kind: 'cmq' },
      instances: ['ein-aaaaaaaa'],
      results: [{ instanceId: 'ein-aaaaaaaa', status: 'accepted', code: 'Accepted' }],
    });
    expect(decisions[1]).toMatchObject({ error: { code: 'Request.Invalid' } });
  });

  it('rejects the Go library sample (msgBody not JSON, tags "a, b") without throwing', async () => {
    const answer = (await fut.invoke(loadEvent('cmq', 'go-lib-comma-space-tags'))) as Records;
    expect(answer.records[0]).toMatchObject({ type: 'reset.rejected', status: 400 });
    expect(fut.calls('ResetInstances')).toEqual([]);
  });

  it('treats a redelivered message (same msgId) as a duplicate', async () => {
    await fut.invoke(loadEvent('cmq', 'topic-string-tags'));
    const again = (await fut.invoke(loadEvent('cmq', 'topic-string-tags'))) as Records;
    expect(again.records[0]).toMatchObject({ type: 'duplicate' });
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    expect(fut.messages()).toHaveLength(1);
  });
});
