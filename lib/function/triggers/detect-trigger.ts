/**
 * Which trigger sent an SCF event, tried from the most specific shape to the least
 * (the shapes of SCF doc 583/31927, 触发器事件消息结构汇总): a loose shape such as "any plain object" (direct invoke)
 * comes last so that it never swallows a trigger's event.
 */
import * as v from 'valibot';
import { AppError } from '../kernel/errors';
import { invalidInput } from '../kernel/issues';
import { looksLikeAlarmCallback, parseAlarmCallback } from './alarm';
import { ApiGatewayEventSchema, fromApiGatewayEvent } from './api-gateway';
import { CkafkaEventSchema, fromCkafkaEvent } from './ckafka';
import { CmqEventSchema, fromCmqEvent } from './cmq';
import { DeferredEventSchema, fromDeferredEvent, looksDeferred } from './deferred';
import { CloudEventSchema, EventBridgeBatchSchema, fromEventBridgeBatch, fromEventBridgeEvent } from './eventbridge';
import { fromInvokeEvent, isInvokeEvent } from './invoke';
import type { ScfContext } from './scf-context';
import { TimerEventSchema, timerIntent } from './timer';
import type { TriggerEvent } from './trigger-event';

export const SUPPORTED_TRIGGERS =
  'API Gateway or function URL (POST /reset, POST /slack, POST /alarm), timer, EventBridge, CMQ/TDMQ queue or topic, CKafka, ' +
  'or a direct invocation whose event is a reset request object';

/** What detecting a trigger needs besides the event and SCF's context. */
export interface DetectOptions {
  /** The invocation's clock, epoch ms (the handler's `deps.clock`): the timer adapter reads `Time` against it. */
  now: number;
  /** Told about an event that is read, but not as documented (the handler logs each kind once). */
  warn?: (event: string, fields: Record<string, unknown>) => void;
}

/** The trigger and its normalised event, or `Event.Unrecognized` saying what is supported. Never throws. */
export function detectTrigger(event: unknown, context: ScfContext, options: DetectOptions): TriggerEvent | AppError {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return unrecognized(event === null ? 'null' : Array.isArray(event) ? 'a list' : `a ${typeof event}`);
  }
  const records = 'Records' in event && Array.isArray(event.Records) ? (event.Records as unknown[]) : null;
  const first: unknown = records?.[0];
  if (hasKey(first, 'CMQ')) {
    return read(CmqEventSchema, event, 'CMQ', (e) => ({ kind: 'records', source: 'cmq', intents: fromCmqEvent(e) }));
  }
  if (hasKey(first, 'Ckafka')) {
    return read(CkafkaEventSchema, event, 'CKafka', (e) => ({ kind: 'records', source: 'ckafka', intents: fromCkafkaEvent(e) }));
  }
  // COS and other storage notifications also come as Records: name them rather than invoke them.
  if ('Records' in event) return unrecognized(hasKey(first, 'cos') ? 'a COS event' : 'a Records event of another service');
  if ('EventList' in event) {
    return read(EventBridgeBatchSchema, event, 'EventBridge batch', (e) => ({
      kind: 'records',
      source: 'eventbridge',
      intents: fromEventBridgeBatch(e),
    }));
  }
  if ('specversion' in event && 'source' in event) {
    return read(CloudEventSchema, event, 'EventBridge', (e) => ({ kind: 'single', intent: fromEventBridgeEvent(e) }));
  }
  if ('Type' in event && typeof event.Type === 'string' && event.Type.toLowerCase() === 'timer') {
    return read(TimerEventSchema, event, 'timer', (e) => ({
      kind: 'single',
      intent: timerIntent(e, { now: options.now, requestId: context.request_id, ...(options.warn ? { warn: options.warn } : {}) }),
    }));
  }
  if ('httpMethod' in event && ('requestContext' in event || 'headers' in event)) {
    return read(ApiGatewayEventSchema, event, 'API Gateway', (e) => ({ kind: 'http', request: fromApiGatewayEvent(e) }));
  }
  if ('clslogs' in event) return unrecognized('a CLS log event');
  // A Cloud Monitor callback body handed to the function directly (SCF Invoke, `npm run invoke`):
  // the caller passed CAM, so it is read as the alarm it is, not as a malformed request.
  // The function's own deferred work (a Slack command answered first, run after).
  if (looksDeferred(event)) {
    return read(DeferredEventSchema, event, 'deferred ecm-reset', (e) => ({
      kind: 'single',
      intent: fromDeferredEvent(e),
      ...(e.respondTo ? { respondTo: e.respondTo } : {}),
    }));
  }
  if (looksLikeAlarmCallback(event)) {
    const alarm = parseAlarmCallback(event, { kind: 'alarm', id: null });
    return alarm instanceof AppError ? alarm : { kind: 'single', intent: alarm };
  }
  if (isInvokeEvent(event)) return { kind: 'single', intent: fromInvokeEvent(event, context) };
  return unrecognized('an object that is not plain JSON');
}

/** Parses a recognised shape; one that is malformed is an error naming the bad fields. */
function read<S extends v.GenericSchema>(schema: S, event: unknown, name: string, normalise: (e: v.InferOutput<S>) => TriggerEvent): TriggerEvent | AppError {
  const parsed = v.safeParse(schema, event);
  if (!parsed.success) return invalidInput('Event.Unrecognized', `the event looks like a ${name} event but is malformed`, parsed.issues);
  return normalise(parsed.output);
}

function unrecognized(what: string): AppError {
  return new AppError('Event.Unrecognized', `unrecognised event (${what}): supported triggers are ${SUPPORTED_TRIGGERS}`);
}

const hasKey = (x: unknown, key: string): boolean => typeof x === 'object' && x !== null && key in x;
