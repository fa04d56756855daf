/**
 * EventBridge (EB) → SCF: a CloudEvents envelope, alone or batched as `{"EventList":[…]}`.
 *
 * Source: qcloud-docs `product/计算与网络/无服务器云函数/触发器/事件总线触发器/概述.md` and
 * `…/触发器/触发器事件消息结构汇总.md` (TDMQ connector, `subjuect` typo, string `time`);
 * https://tencentcloud.com/document/product/1108/42275 (Event Structure);
 * https://tencentcloud.com/document/product/1108/45206 and 1108/46256 (Cloud Monitor events through
 * EB: `type` `<product>:ErrorEvent:<name>`, `status`, number `time`; the "HTTP callback" rendering).
 */
import * as v from 'valibot';
import { echo, echoJson } from '../kernel/echo';
import { AppError } from '../kernel/errors';
import { describeIssues, issuesOf } from '../kernel/issues';
import type { Intent, TriggerRef } from '../request/intent';
import { AlarmStatusSchema, alarmTarget, looksLikeAlarmCallback, parseAlarmCallback } from './alarm';
import { jsonPayload, rejectedRecord, requestIntent } from './payload';

export const CloudEventSchema = v.looseObject({
  // Seen: "0" (TDMQ connector sample), "1.0", "1.0.2"; the value does not change the shape.
  specversion: v.union([v.string(), v.number()]),
  id: v.pipe(v.string(), v.minLength(1)),
  source: v.string(),
  type: v.optional(v.string()),
  subject: v.optional(v.string()),
  // Typo in the SCF trigger doc and the EB "Event Structure" page; real events may carry it.
  subjuect: v.optional(v.string()),
  time: v.optional(v.union([v.string(), v.number()])),
  region: v.optional(v.string()),
  status: v.optional(v.unknown()),
  data: v.optional(v.unknown()),
});

export type CloudEvent = v.InferOutput<typeof CloudEventSchema>;

export const EventBridgeBatchSchema = v.looseObject({ EventList: v.array(v.unknown()) });

export type EventBridgeBatch = v.InferOutput<typeof EventBridgeBatchSchema>;

export const isCloudEvent = (e: unknown): e is CloudEvent => v.is(CloudEventSchema, e);

export const isEventBridgeBatch = (e: unknown): e is EventBridgeBatch => v.is(EventBridgeBatchSchema, e);

/** A Cloud Monitor event as EB renders it: which instance is in `subject` and `data`. */
const EbAlarmDataSchema = v.looseObject({
  instanceId: v.optional(v.unknown()),
  uuid: v.optional(v.unknown()),
  dimensions: v.optional(v.record(v.string(), v.unknown())),
});

/** `data.msgBody` of the TDMQ/CMQ connectors carries the message as text. */
const ConnectorDataSchema = v.looseObject({ msgBody: v.unknown() });

/** Service alarm events are typed `${ProductName}:ErrorEvent:${EventType}` (EB doc 1108/45206). */
const ERROR_EVENT = /^[^:]+:ErrorEvent:/i;

/**
 * One CloudEvent → one intent. Its data is an alarm (EB's own rendering or the callback
 * rendering) or a request (in a connector's msgBody, or the data itself). A bad payload becomes a
 * RequestIntent with `payloadError`, so it is rejected on the topic like any other request.
 */
export function fromEventBridgeEvent(e: CloudEvent): Intent {
  const trigger: TriggerRef = { kind: 'eventbridge', id: e.id };
  const identity = `eventbridge:${e.id}`;
  const defaults = { requestedBy: `eventbridge:${e.source}` };
  // The callback rendering says more (status, policy, dimensions) than the envelope: read it first.
  if (looksLikeAlarmCallback(e.data)) {
    const alarm = parseAlarmCallback(e.data, trigger);
    return alarm instanceof AppError ? rejectedRecord(trigger, identity, alarm.message, defaults) : { ...alarm, identity };
  }
  if (e.type !== undefined && ERROR_EVENT.test(e.type)) return ebAlarm(e, trigger, identity);
  if (v.is(ConnectorDataSchema, e.data)) return requestIntent(trigger, identity, jsonPayload(e.data.msgBody, 'data.msgBody'), defaults);
  if (typeof e.data === 'string') return requestIntent(trigger, identity, jsonPayload(e.data, 'data'), defaults);
  if (typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data)) {
    return requestIntent(trigger, identity, { payload: e.data }, defaults);
  }
  return rejectedRecord(trigger, identity, 'the event has no data: expected an alarm or a reset request', defaults);
}

/** Every event of a batched delivery; one that is not a CloudEvent is rejected alone. */
export function fromEventBridgeBatch(batch: EventBridgeBatch): Intent[] {
  return batch.EventList.map((item, i) => {
    const parsed = v.safeParse(CloudEventSchema, item);
    if (parsed.success) return fromEventBridgeEvent(parsed.output);
    const id = typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? item.id : null;
    return rejectedRecord(
      { kind: 'eventbridge', id },
      `eventbridge:${id ?? `EventList.${i}`}`,
      describeIssues(`EventList.${i} is not a CloudEvent`, issuesOf(parsed.issues)),
    );
  });
}

function ebAlarm(e: CloudEvent, trigger: TriggerRef, identity: string): Intent {
  const type = e.type ?? '';
  const status = v.safeParse(AlarmStatusSchema, e.status);
  if (!status.success) {
    // "stateless" events have no recovery; without a clear 1 nothing is reset.
    return rejectedRecord(trigger, identity, `the alarm event ${echo(type)} has status ${echoJson(e.status ?? null)}, expected 1 (firing) or 0 (recovered)`);
  }
  const data = v.safeParse(EbAlarmDataSchema, e.data);
  const d = data.success ? data.output : {};
  const dims = d.dimensions ?? {};
  const product = type.split(':')[0];
  const target = alarmTarget(
    [dims['unInstanceId'], dims['InstanceId'], dims['instanceId'], d.instanceId, e.subject, e.subjuect, dims['UUID'], dims['uuid'], dims['objId'], d.uuid],
    product,
  );
  if (target instanceof AppError) return rejectedRecord(trigger, identity, target.message);
  return { type: 'alarm', trigger, identity, firing: status.output === '1', target, summary: `event ${type}` };
}
