import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { loadObject } from '../../support/fixtures';
import { type FunctionUnderTest, startFunction } from '../../support/function';

/** A queue record (the CMQ fixture) whose msgBody is `body`. */
function cmqRecord(body: unknown, msgId = '123345346'): Record<string, unknown> {
  const event = loadObject('cmq', 'topic-string-tags');
  const record = (event['Records'] as { CMQ: Record<string, unknown> }[])[0] as { CMQ: Record<string, unknown> };
  record.CMQ['msgBody'] = JSON.stringify(body);
  record.CMQ['msgId'] = msgId;
  return event;
}

/** A CKafka record (the doc fixture) whose msgBody is `body`. */
function ckafkaRecord(body: unknown): Record<string, unknown> {
  const event = loadObject('ckafka', 'doc-sample');
  const record = (event['Records'] as { Ckafka: Record<string, unknown> }[])[0] as { Ckafka: Record<string, unknown> };
  record.Ckafka['msgBody'] = JSON.stringify(body);
  return { ...event, Records: [record] };
}

const HUGE_ID = `ein-${'a'.repeat(40_000)}`;

describe('echoed input is bounded: a poison record ends in one reset.rejected', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it.each([
    ['CMQ', () => cmqRecord({ instanceIds: [HUGE_ID], reason: 'poison' })],
    ['CKafka', () => ckafkaRecord({ instanceIds: [HUGE_ID], reason: 'poison' })],
  ])('a %s record naming a 40 KB instance id is rejected with the id shortened, and published', async (_name, event) => {
    fut = await startFunction();
    const answer = (await fut.invoke(event())) as { records: { type: string; status: number; error: { message: string } }[] };
    expect(answer.records).toMatchObject([{ type: 'reset.rejected', status: 400 }]);
    const raw = fut.emu.emulator.messages.map((m) => m.content);
    expect(raw).toHaveLength(1);
    expect(Buffer.byteLength(raw[0] as string)).toBeLessThan(4096);
    const msg = JSON.parse(raw[0] as string) as Record<string, unknown>;
    expect(v.is(ResultMessageSchema, msg)).toBe(true);
    const error = msg['error'] as { code: string; message: string; issues: { path: string; message: string }[] };
    expect(error.code).toBe('Request.Invalid');
    expect(error.message).toMatch(/"ein-a{60}…\(40004 chars, sha256:[0-9a-f]{8}\)" is not an ECM instance id/);
    expect(error.issues).toEqual([{ path: 'instanceIds.0', message: expect.stringMatching(/^"ein-a{60}…\(40004 chars, sha256:[0-9a-f]{8}\)" is not/) }]);
    expect(fut.logs.join('\n')).not.toContain('a'.repeat(1000));
  });

  it('a record with a hundred bad ids carries the first 20 issues and counts the rest', async () => {
    fut = await startFunction();
    await fut.invoke(cmqRecord({ instanceIds: Array.from({ length: 100 }, (_, i) => `bad-${i}`), reason: 'many' }));
    const issues = (fut.messages()[0]?.['error'] as { issues: { path: string; message: string }[] } | undefined)?.issues;
    expect(issues).toHaveLength(21);
    expect(issues?.[20]).toEqual({ path: '', message: 'and 80 more issues' });
  });

  it('a redelivery of the poison record is answered the same way, never by a failed invocation, and publishes nothing new', async () => {
    fut = await startFunction();
    const event = cmqRecord({ instanceIds: [HUGE_ID, `img-${'b'.repeat(40_000)}`], imageId: `img-${'c'.repeat(40_000)}`, reason: 'poison' });
    const first = (await fut.invoke(event)) as { records: { id: string; type: string }[] };
    const again = (await fut.invoke(structuredClone(event))) as { records: { id: string; type: string }[] };
    expect(again.records).toEqual(first.records);
    expect(fut.messages().map((m) => m['type'])).toEqual(['reset.rejected']);
  });
});

describe('every message fits the topic (RESET_TOPIC_MAX_BYTES)', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  const SMALL = 1024;
  const startSmall = () =>
    startFunction({ seed: { topics: [{ name: 'ecm-reset-results', maxMsgSize: SMALL }] }, env: { RESET_TOPIC_MAX_BYTES: String(SMALL) } });

  it('poison records on a 1 KB topic each end in exactly one reset.rejected within the limit, id, type and trigger intact', async () => {
    fut = await startSmall();
    const event = cmqRecord({ instanceIds: [HUGE_ID], reason: 'poison' }, 'msg-huge-id');
    const records = event['Records'] as { CMQ: Record<string, unknown> }[];
    // A hundred bad 600-character ids: 20 issues and their description in the error, several KB.
    const many = cmqRecord({ instanceIds: Array.from({ length: 100 }, (_, i) => `ein-${String(i).padStart(600, 'z')}`), reason: 'poison' }, 'msg-many');
    const second = (many['Records'] as { CMQ: Record<string, unknown> }[])[0] as { CMQ: Record<string, unknown> };
    records.push(second);
    const answer = (await fut.invoke(event)) as { records: { id: string; type: string }[] };
    expect(answer.records.map((r) => r.type)).toEqual(['reset.rejected', 'reset.rejected']);
    const raw = fut.emu.emulator.messages.map((m) => m.content);
    expect(raw).toHaveLength(2);
    for (const content of raw) expect(Buffer.byteLength(content)).toBeLessThanOrEqual(SMALL);
    const msgs = raw.map((c) => JSON.parse(c) as Record<string, unknown>);
    expect(msgs.every((m) => v.is(ResultMessageSchema, m))).toBe(true);
    expect(msgs.map((m) => [m['id'], m['type'], m['trigger']])).toEqual([
      [answer.records[0]?.id, 'reset.rejected', { kind: 'cmq', id: 'msg-huge-id' }],
      [answer.records[1]?.id, 'reset.rejected', { kind: 'cmq', id: 'msg-many' }],
    ]);
    expect(msgs[1]).toMatchObject({ error: { code: 'Request.Invalid' }, shortened: expect.arrayContaining(['error.message', 'error.issues']) });
    expect(fut.logs.some((l) => l.includes('"event":"result.shortened"'))).toBe(true);
    expect(fut.logs.some((l) => l.includes('"event":"reset.dead-letter"'))).toBe(false);
  });

  it('spreads a fleet result over parts that each fit, every instance in exactly one part', async () => {
    fut = await startSmall();
    await fut.invoke(loadObject('timer', 'selector-message'));
    const raw = fut.emu.emulator.messages.map((m) => m.content);
    expect(raw.length).toBeGreaterThan(1);
    for (const content of raw) expect(Buffer.byteLength(content)).toBeLessThanOrEqual(SMALL);
    const msgs = raw.map((c) => JSON.parse(c) as { id: string; type: string; part: { index: number; of: number }; results: { instanceId: string }[] });
    expect(new Set(msgs.map((m) => `${m.id} ${m.type}`)).size).toBe(1);
    expect(msgs.map((m) => m.part)).toEqual(msgs.map((_, i) => ({ index: i + 1, of: msgs.length })));
    expect(msgs.flatMap((m) => m.results.map((r) => r.instanceId)).sort()).toEqual(['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-flaky001', 'ein-web00003']);
  });
});
