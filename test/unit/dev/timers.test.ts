import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../../lib/function/kernel/errors';
import type { TimerSpec } from '../../../lib/tools/dev/timers';
import { startTimers, type TimerEvent, type Timers, timerEvent } from '../../../lib/tools/dev/timers';

const EVERY_MINUTE: TimerSpec = { name: 'track-completions', cronExpression: '0 */1 * * * * *', argument: '{"track":"completions"}', enable: true };
const DISABLED: TimerSpec = { name: 'off', cronExpression: '* * * * * * *', argument: 'x', enable: false };

let timers: Timers | null = null;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2024-05-10T10:15:30Z') });
});

afterEach(() => {
  timers?.close();
  timers = null;
  vi.useRealTimers();
});

function start(specs: TimerSpec[]) {
  const events: TimerEvent[] = [];
  const started = startTimers({
    specs,
    invoke: async (event) => {
      events.push(event);
      return { ok: true };
    },
    utcOffsetMinutes: () => 0,
  });
  if (isAppError(started)) throw started;
  timers = started;
  return { timers: started, events };
}

describe('startTimers', () => {
  it('fires SCF’s timer event on the schedule, once per matching second', async () => {
    const { timers, events } = start([EVERY_MINUTE]);
    expect(timers.list()[0]?.next).toBe('2024-05-10T10:16:00.000Z');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events).toEqual([{ Type: 'Timer', TriggerName: 'track-completions', Time: '2024-05-10T10:16:00Z', Message: '{"track":"completions"}' }]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(events.map((e) => e.Time)).toEqual(['2024-05-10T10:16:00Z', '2024-05-10T10:17:00Z', '2024-05-10T10:18:00Z']);
    expect(timers.list()[0]).toMatchObject({ fired: 3, lastFired: '2024-05-10T10:18:00.000Z', next: '2024-05-10T10:19:00.000Z' });
  });

  it('never schedules a disabled timer but fires it on demand', async () => {
    const { timers, events } = start([DISABLED]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(events).toEqual([]);
    expect(timers.list()[0]?.next).toBeNull();
    const outcome = await timers.fire('off');
    expect(outcome).toEqual({ event: { Type: 'Timer', TriggerName: 'off', Time: '2024-05-10T10:15:40Z', Message: 'x' }, answer: { ok: true } });
  });

  it('answers Route.NotFound for an unknown timer, listing the known ones', async () => {
    const { timers } = start([EVERY_MINUTE, DISABLED]);
    const outcome = await timers.fire('nope');
    expect(isAppError(outcome) && outcome.code).toBe('Route.NotFound');
    expect(isAppError(outcome) && outcome.message).toContain('track-completions, off');
  });

  it('reports a thrown invocation as the firing’s error and keeps the schedule', async () => {
    const seen: string[] = [];
    const started = startTimers({
      specs: [EVERY_MINUTE],
      invoke: () => Promise.reject(new Error('Publish.Failed: nope')),
      onFired: (spec, outcome) => seen.push(`${spec.name}: ${'error' in outcome ? outcome.error : 'ok'}`),
      utcOffsetMinutes: () => 0,
    });
    if (isAppError(started)) throw started;
    timers = started;
    await vi.advanceTimersByTimeAsync(90_000);
    expect(seen).toEqual(['track-completions: Publish.Failed: nope', 'track-completions: Publish.Failed: nope']);
  });

  it('refuses a bad cron expression, naming the timer', () => {
    const started = startTimers({ specs: [{ ...EVERY_MINUTE, cronExpression: '0 0 3 * * *' }], invoke: async () => null });
    expect(isAppError(started) && started.message).toContain('timer track-completions: cron "0 0 3 * * *"');
  });

  it('stops firing once closed', async () => {
    const { timers, events } = start([EVERY_MINUTE]);
    timers.close();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(events).toEqual([]);
  });
});

describe('timerEvent', () => {
  it('formats Time like Tencent’s sample, without milliseconds', () => {
    expect(timerEvent(EVERY_MINUTE, Date.parse('2019-02-21T11:49:00.123Z')).Time).toBe('2019-02-21T11:49:00Z');
  });
});
