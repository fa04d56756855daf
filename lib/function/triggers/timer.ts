/**
 * Timer trigger → one RequestIntent whose payload is the trigger's `Message`.
 *
 * Source: qcloud-docs `product/计算与网络/无服务器云函数/开发指南/触发器/定时触发器.md` (doc 583/9708);
 * scf-go-lib `events/timer.go` (`Message, Time, TriggerName, Type`). Tencent writes `"Timer"`,
 * the Serverless Framework doc `"timer"`: compared case-insensitively.
 */
import * as v from 'valibot';
import { echo } from '../kernel/echo';
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

/** How far a `Time` may be from the invocation's clock and still be read as the firing's time. */
export const FIRING_WINDOW_MS = 24 * 3600 * 1000;

/** What the timer adapter needs besides the event. */
export interface TimerOptions {
  /** The invocation's clock (epoch ms), from the handler's `deps.clock`: adapters never read the time themselves. */
  now: number;
  /** SCF's request id (context.request_id), which SCF's async retries keep. */
  requestId?: string | undefined;
  /** Told when `Time` does not read as a firing time (the handler logs it once per container). */
  warn?: (event: string, fields: Record<string, unknown>) => void;
}

/** `Time` parses as a time within a day of the clock: it is then the firing's own time. */
export function isFiringTime(time: string, now: number): boolean {
  const t = Date.parse(time);
  return Number.isFinite(t) && Math.abs(t - now) <= FIRING_WINDOW_MS;
}

/**
 * One firing is (TriggerName, Time), so the same firing delivered twice (even with a new SCF
 * request id) is one request, reset once. Tencent's timer doc (583/9708, 定时触发器) calls `Time`
 * "触发器创建时间", the trigger's creation time: were that literally so, every firing would share
 * one identity and only the first would ever run. So `Time` counts as the firing's only when it is
 * within 24 h of the clock; otherwise the SCF request id is added (each firing has its own, and SCF's
 * async retries keep it) and the handler is told, to log it once.
 */
function timerIdentity(e: TimerEvent, options: TimerOptions): string {
  const base = `timer:${e.TriggerName}:${e.Time}`;
  if (isFiringTime(e.Time, options.now)) return base;
  options.warn?.('timer.time-not-firing', {
    trigger: echo(e.TriggerName),
    time: echo(e.Time),
    message: `the timer event's Time is not within 24 h of the clock, so it is not taken for the firing's time; firings are told apart by the SCF request id${options.requestId ? '' : ' (none given here)'}`,
  });
  return options.requestId ? `${base}:${options.requestId}` : base;
}

/**
 * The Message is the request: a `POST /reset` body or `{"selector": …}`. `reason` defaults to
 * the trigger name because a schedule has no human to type one.
 */
export function fromTimerEvent(e: TimerEvent, options: TimerOptions): RequestIntent {
  return requestIntent({ kind: 'timer', id: e.TriggerName }, timerIdentity(e, options), jsonPayload(e.Message ?? '', 'the timer Message'), {
    reason: e.TriggerName,
    requestedBy: `timer:${e.TriggerName}`,
  });
}

/** The timer Message that asks for a completion sweep instead of a reset. */
export const TRACK_MESSAGE = { track: 'completions' } as const;

const isTrackRequest = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload) && (payload as Record<string, unknown>)['track'] === TRACK_MESSAGE.track;

/** A timer firing: the completion sweep when its Message asks for it, else the request it carries. */
export function timerIntent(e: TimerEvent, options: TimerOptions): Intent {
  const intent = fromTimerEvent(e, options);
  return isTrackRequest(intent.payload) ? { type: 'sweep', trigger: intent.trigger, identity: intent.identity } : intent;
}
