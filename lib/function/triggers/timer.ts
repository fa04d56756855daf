/**
 * Timer trigger → one RequestIntent whose payload is the trigger's `Message`.
 *
 * Source: qcloud-docs `product/计算与网络/无服务器云函数/开发指南/触发器/定时触发器.md`;
 * scf-go-lib `events/timer.go` (`Message, Time, TriggerName, Type`). Tencent writes `"Timer"`,
 * the Serverless Framework doc `"timer"`: compared case-insensitively.
 */
import * as v from 'valibot';
import type { Intent, RequestIntent } from '../request/intent';
import { jsonPayload, requestIntent } from './payload';

export const TimerEventSchema = v.looseObject({
  Type: v.pipe(
    v.string(),
    v.check((t) => t.toLowerCase() === 'timer', 'Type must be "Timer"'),
  ),
  TriggerName: v.pipe(v.string(), v.minLength(1)),
  Time: v.string(),
  // Optional and empty by default; a non-string is turned into a payloadError, not a throw.
  Message: v.optional(v.unknown()),
});

export type TimerEvent = v.InferOutput<typeof TimerEventSchema>;

export const isTimerEvent = (e: unknown): e is TimerEvent => v.is(TimerEventSchema, e);

/**
 * The Message is the request: a `POST /reset` body or `{"selector": …}`. `reason` defaults to
 * the trigger name because a schedule has no human to type one.
 */
export function fromTimerEvent(e: TimerEvent, requestId?: string): RequestIntent {
  return requestIntent(
    { kind: 'timer', id: e.TriggerName },
    // Time should tell one firing from the next, but Tencent's doc calls it the trigger's creation
    // time (unconfirmed); the SCF request id, which async retries keep, makes each firing distinct.
    requestId ? `timer:${e.TriggerName}:${e.Time}:${requestId}` : `timer:${e.TriggerName}:${e.Time}`,
    jsonPayload(e.Message ?? '', 'the timer Message'),
    { reason: e.TriggerName, requestedBy: `timer:${e.TriggerName}` },
  );
}

/** The timer Message that asks for a completion sweep instead of a reset. */
export const TRACK_MESSAGE = { track: 'completions' } as const;

const isTrackRequest = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload) && (payload as Record<string, unknown>)['track'] === TRACK_MESSAGE.track;

/** A timer firing: the completion sweep when its Message asks for it, else the request it carries. */
export function timerIntent(e: TimerEvent, requestId?: string): Intent {
  const intent = fromTimerEvent(e, requestId);
  return isTrackRequest(intent.payload) ? { type: 'sweep', trigger: intent.trigger, identity: intent.identity } : intent;
}
