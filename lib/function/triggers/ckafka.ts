/**
 * CKafka trigger: `{"Records":[{"Ckafka":{topic, partition, offset, msgKey, msgBody}}]}`.
 *
 * Source: qcloud-docs `…/开发指南/触发器/CKafka 触发器.md` and `…/触发器/触发器事件消息结构汇总.md`;
 * scf-go-lib `events/ckafka.go` (`partition`, `offset` int64). The key is `Ckafka`, not `CKafka`.
 */
import * as v from 'valibot';
import { describeIssues, issuesOf } from '../kernel/issues';
import type { RequestIntent, TriggerRef } from '../request/intent';
import { jsonPayload, rejectedRecord, requestIntent } from './payload';

/** int64 in Tencent's Go types: a JSON number, or digits if a renderer quotes it. */
const Int64Schema = v.pipe(v.union([v.pipe(v.number(), v.integer()), v.pipe(v.string(), v.regex(/^\d+$/))], 'must be a whole number'), v.transform(String));

export const CkafkaMessageSchema = v.looseObject({
  topic: v.pipe(v.string(), v.minLength(1)),
  partition: Int64Schema,
  offset: Int64Schema,
  msgKey: v.optional(v.nullable(v.string())),
  msgBody: v.unknown(),
});

export type CkafkaMessage = v.InferOutput<typeof CkafkaMessageSchema>;

export const CkafkaEventSchema = v.looseObject({
  Records: v.pipe(
    v.array(v.unknown()),
    // Recognised by the first record, as detectTrigger does; later ones are checked one by one.
    v.check((rs) => typeof rs[0] === 'object' && rs[0] !== null && 'Ckafka' in rs[0], 'Records[0] is not a Ckafka record'),
  ),
});

export type CkafkaEvent = v.InferOutput<typeof CkafkaEventSchema>;

export const isCkafkaEvent = (e: unknown): e is CkafkaEvent => v.is(CkafkaEventSchema, e);

/** One intent per record, in order; a record that is not a CKafka message is rejected alone. */
export function fromCkafkaEvent(e: CkafkaEvent): RequestIntent[] {
  return e.Records.map((record, i) => fromCkafkaRecord(record, i));
}

function fromCkafkaRecord(record: unknown, index: number): RequestIntent {
  const body = typeof record === 'object' && record !== null && 'Ckafka' in record ? record.Ckafka : undefined;
  const parsed = v.safeParse(CkafkaMessageSchema, body);
  if (!parsed.success) {
    return rejectedRecord(
      { kind: 'ckafka', id: null },
      `ckafka:unknown:Records.${index}`,
      describeIssues(`Records.${index} is not a CKafka message`, issuesOf(parsed.issues)),
    );
  }
  const m = parsed.output;
  // topic + partition + offset is Kafka's own address of a message: a redelivery repeats it.
  const position = `${m.topic}:${m.partition}:${m.offset}`;
  const trigger: TriggerRef = { kind: 'ckafka', id: position };
  return requestIntent(trigger, `ckafka:${position}`, jsonPayload(m.msgBody, 'msgBody'), { requestedBy: `ckafka:${m.topic}` });
}
