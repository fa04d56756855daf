import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvent } from '../../support/fixtures';
import type { FunctionUnderTest } from '../../support/function';
import { errorOf, expectRefused, http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';

describe('blast radius: RESET_MAX_INSTANCES per invocation and RESET_MAX_PER_HOUR', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_MAX_INSTANCES: '2', RESET_MAX_PER_HOUR: '3' } });
  });
  afterAll(() => fut.close());

  it('refuses more instances than RESET_MAX_INSTANCES before any reset, naming both numbers', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-web00003'], reason: 'too many' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body)).toEqual({ code: 'Guard.BlastRadius', message: '3 instances would be reset; at most 2 per invocation (RESET_MAX_INSTANCES)' });
    expectRefused(fut, m, 'Guard.BlastRadius', /3 instances would be reset; at most 2/);
  });

  it('a selector that matches too many is refused the same way', async () => {
    const m = mark(fut);
    // fleet=nightly: ein-aaaaaaaa, ein-bbbbbbbb, ein-web00003, ein-flaky001 – all allowed.
    const r = await http(fut, signed(fut, { selector: 'tag:fleet=nightly', reason: 'fleet' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.BlastRadius', /4 instances would be reset; at most 2 per invocation/);
  });

  it('refuses once the hourly budget would be exceeded, with the numbers, and counts across invocations', async () => {
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'first two' }))).status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
    const m2 = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-web00003', 'ein-db000002'], reason: 'two more' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body)).toEqual({
      code: 'Guard.HourlyBudget',
      message: '2 more resets would make 4 in the last hour; at most 3 (RESET_MAX_PER_HOUR)',
    });
    expectRefused(fut, m2, 'Guard.HourlyBudget', /make 4 in the last hour; at most 3/);
  });

  it('the budget is read from the instances, so a cold start does not reset it', async () => {
    fut.restart();
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-web00003', 'ein-db000002'], reason: 'after cold start' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.HourlyBudget', /2 more resets would make 4/);
  });

  it('one more fits; after an hour the budget is free again', async () => {
    const m = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-web00003'], reason: 'third' }))).status).toBe(202);
    const m2 = mark(fut);
    const full = await http(fut, signed(fut, { instanceIds: ['ein-db000002'], reason: 'fourth' }));
    expect(full.status).toBe(403);
    expectRefused(fut, m2, 'Guard.HourlyBudget', /1 more resets would make 4 in the last hour; at most 3/);
    expect(resetsSince(fut, m)).toHaveLength(1);

    fut.clock.advance(3_601_000);
    const m3 = mark(fut);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-db000002'], reason: 'next hour' }))).status).toBe(202);
    expect(resetsSince(fut, m3)).toHaveLength(1);
  });
});

describe('blast radius across the records of one batch (CMQ, CKafka, EventBridge EventList)', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_MAX_INSTANCES: '4', RESET_MAX_PER_HOUR: '100' } });
  });
  afterAll(() => fut.close());

  it('counts every record of one invocation against RESET_MAX_INSTANCES: three records of two ids reset four, not six', async () => {
    const m = mark(fut);
    const answer = (await fut.invoke(loadEvent('cmq', 'queue-three-records-two-ids-each'))) as {
      records: { type: string; status: number; error?: { code: string; message: string } }[];
    };
    expect(answer.records.map((r) => [r.type, r.status])).toEqual([
      ['reset.accepted', 202],
      ['reset.accepted', 202],
      ['reset.rejected', 403],
    ]);
    expect(answer.records[2]?.error).toEqual({
      code: 'Guard.BlastRadius',
      message: '2 instances would be reset after 4 reset by earlier records of this batch; at most 4 per invocation (RESET_MAX_INSTANCES)',
    });
    const resetIds = resetsSince(fut, m).flatMap((c) => (c.params as { InstanceIdSet: string[] }).InstanceIdSet);
    expect(resetIds.sort()).toEqual(['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-db000002', 'ein-web00003']);
    expect(messagesSince(fut, m).map((msg) => msg['type'])).toEqual(['reset.accepted', 'reset.accepted', 'reset.rejected']);
  });

  it('the same batch delivered again (SCF retries a failed invocation): the records already reset count, so the third is refused again and nothing more is reset', async () => {
    const m = mark(fut);
    const answer = (await fut.invoke(loadEvent('cmq', 'queue-three-records-two-ids-each'))) as {
      records: { type: string; status: number; id: string | null }[];
    };
    expect(answer.records.map((r) => [r.type, r.status])).toEqual([
      ['duplicate', 409],
      ['duplicate', 409],
      ['reset.rejected', 403],
    ]);
    expect(resetsSince(fut, m)).toHaveLength(0);
    // The refusal has the id it had the first time, so a consumer sees one request.
    const first = fut.messages().filter((msg) => msg['type'] === 'reset.rejected');
    expect(new Set(first.map((msg) => msg['id'])).size).toBe(1);
  });

  it('the next invocation starts a new count', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-legacy01', 'ein-flaky001'], reason: 'a new invocation' }));
    expect(r.status).toBe(202);
    expect(resetsSince(fut, m)).toHaveLength(1);
  });
});
