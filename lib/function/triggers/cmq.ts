/**
 * CMQ topic / queue trigger: `{"Records":[{"CMQ":{…}}]}`, one RequestIntent per record.
 *
 * Source: qcloud-docs `…/触发器/触发器事件消息结构汇总.md` (string `topicOwner`, `"tag1,tag2"`) and
 * `…/开发指南/触发器/CMQ Topic 触发器.md`; https://www.tencentcloud.com/document/product/583/11517;
 * scf-go-lib `cloudevents/scf/cmq_test.go` (numeric `topicOwner`, `"aaaa, bbbbb, cccc"`);
 * `serverless/serverless` `docs/providers/tencent/events/CMQ.md` (`msgTag` as an array).
 */
import * as v from 'valibot';
import { describeIssues, issuesOf } from '../kernel/issues';
import type { RequestIntent, TriggerRef } from '../request/intent';
import { jsonPayload, rejectedRecord, requestIntent } from './payload';

/** Ids are strings in the docs; numbers are accepted and written back as digits. */
const IdSchema = v.pipe(v.union([v.string(), v.number()]), v.transform(String));

export const CmqMessageSchema = v.looseObject({
  type: v.optional(v.string()),
  topicOwner: v.optional(IdSchema),
  topicName: v.optional(v.string()),
  queueName: v.optional(v.string()),
  subscriptionName: v.optional(v.string()),
  publishTime: v.optional(v.string()),
  msgId: v.pipe(IdSchema, v.minLength(1, 'msgId is required')),
  requestId: v.optional(IdSchema),
  msgBody: v.unknown(),
  msgTag: v.optional(v.union([v.string(), v.array(v.string())])),
});

export type CmqMessage = v.InferOutput<typeof CmqMessageSchema>;

/** The envelope only: each record is read on its own so one bad record fails alone. */
export const CmqEventSchema = v.looseObject({
  Records: v.pipe(
    v.array(v.unknown()),
    // Recognised by the first record, as detectTrigger does; later ones are checked one by one.
    v.check((rs) => typeof rs[0] === 'object' && rs[0] !== null && 'CMQ' in rs[0], 'Records[0] is not a CMQ record'),
  ),
});

export type CmqEvent = v.InferOutput<typeof CmqEventSchema>;

export const isCmqEvent = (e: unknown): e is CmqEvent => v.is(CmqEventSchema, e);

/** Tags as a list, whether sent as `"a,b"`, `"a, b"` or `["a","b"]`. */
export function cmqTags(msgTag: CmqMessage['msgTag']): string[] {
  const list = typeof msgTag === 'string' ? msgTag.split(',') : (msgTag ?? []);
  return list.map((t) => t.trim()).filter((t) => t !== '');
}

/** One intent per record, in order; records that are not CMQ messages become rejections. */
export function fromCmqEvent(e: CmqEvent): RequestIntent[] {
  return e.Records.map((record, i) => fromCmqRecord(record, i));
}

function fromCmqRecord(record: unknown, index: number): RequestIntent {
  const body = typeof record === 'object' && record !== null && 'CMQ' in record ? record.CMQ : undefined;
  const parsed = v.safeParse(CmqMessageSchema, body);
  if (!parsed.success) {
    const ids = v.safeParse(v.looseObject({ msgId: v.optional(IdSchema) }), body);
    const msgId = ids.success ? (ids.output.msgId ?? null) : null;
    return rejectedRecord(
      { kind: 'cmq', id: msgId },
      `cmq:unknown:${msgId ?? `Records.${index}`}`,
      describeIssues(`Records.${index} is not a CMQ message`, issuesOf(parsed.issues)),
    );
  }
  const m = parsed.output;
  const name = m.topicName ?? m.queueName ?? 'unknown';
  const trigger: TriggerRef = { kind: 'cmq', id: m.msgId };
  // msgId identifies the message across redeliveries; the name keeps ids of two topics apart.
  return requestIntent(trigger, `cmq:${name}:${m.msgId}`, jsonPayload(m.msgBody, 'msgBody'), { requestedBy: `cmq:${name}` });
}
