/** Trigger adapters: the only code that reads raw SCF events. */
export { detectTrigger, SUPPORTED_TRIGGERS } from './detect-trigger';
export type { TriggerEvent } from './trigger-event';
export {
  TRIGGER_KINDS,
  type AlarmIntent,
  type AlarmTarget,
  type Intent,
  type RequestDefaults,
  type RequestIntent,
  type TriggerKind,
  type TriggerRef,
} from './intent';
export { ScfContextSchema, type ScfContext } from './scf-context';
export { ApiGatewayEventSchema, fromApiGatewayEvent, isApiGatewayEvent, type ApiGatewayEvent } from './api-gateway';
export { fromTimerEvent, isTimerEvent, TimerEventSchema, type TimerEvent } from './timer';
export {
  AlarmCallbackSchema,
  AlarmStatusSchema,
  alarmSummary,
  alarmTarget,
  looksLikeAlarmCallback,
  parseAlarmCallback,
  type AlarmCallback,
} from './alarm';
export {
  CloudEventSchema,
  EventBridgeBatchSchema,
  fromEventBridgeBatch,
  fromEventBridgeEvent,
  isCloudEvent,
  isEventBridgeBatch,
  type CloudEvent,
  type EventBridgeBatch,
} from './eventbridge';
export { cmqTags, CmqEventSchema, CmqMessageSchema, fromCmqEvent, isCmqEvent, type CmqEvent, type CmqMessage } from './cmq';
export {
  CkafkaEventSchema,
  CkafkaMessageSchema,
  fromCkafkaEvent,
  isCkafkaEvent,
  type CkafkaEvent,
  type CkafkaMessage,
} from './ckafka';
export { fromInvokeEvent, isInvokeEvent, type InvokeEvent } from './invoke';
