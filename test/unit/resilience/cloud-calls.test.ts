import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../lib/function/kernel/logger';
import { type CloudCalls, createCloudCalls } from '../../../lib/function/ports/cloud-calls';
import { CloudCallError } from '../../../lib/function/ports/cloud-error';
import type { CallOptions, CloudPorts, EcmImage } from '../../../lib/function/ports/cloud-ports';
import { createRateLimiters } from '../../../lib/function/ports/rate-limiter';
import { MIN_ATTEMPT_MS } from '../../../lib/function/ports/retry';
import { createVirtualClock, type VirtualClock } from './virtual-clock';

/** One request a port saw: when it started and ended (virtual ms from the start) and how. */
interface Sent {
  action: string;
  start: number;
  end: number | null;
  aborted: boolean;
}

type Behaviour = 'hang' | 'ignore-signal' | { answerAfterMs: number };

/**
 * Ports whose every action behaves as `behaviour(action)`: answers after some ms, hangs until its
 * signal aborts (and then fails as the SDK does), or hangs and ignores the signal.
 */
function ports(clock: VirtualClock, t0: number, behaviour: (action: string) => Behaviour): { ports: CloudPorts; sent: Sent[] } {
  const sent: Sent[] = [];
  const request = <T>(action: string, answer: T, options?: CallOptions): Promise<T> => {
    const s: Sent = { action, start: clock.now() - t0, end: null, aborted: false };
    sent.push(s);
    const how = behaviour(action);
    const done = <V>(v: V): V => {
      s.end = clock.now() - t0;
      return v;
    };
    if (typeof how === 'object') return clock.sleep(how.answerAfterMs).then(() => done(answer));
    return new Promise<T>((_, reject) => {
      if (how === 'ignore-signal') return;
      options?.signal?.addEventListener('abort', () => {
        s.aborted = true;
        done(null);
        reject(new CloudCallError('x', action, 'ambiguous', 'x failed without an answer: The user aborted a request.', undefined, undefined, null));
      });
    });
  };
  const image: EcmImage = { imageId: 'img-1', osType: 'linux' };
  return {
    sent,
    ports: {
      ecm: {
        describeInstances: (_q, _o, _l, options) => request('DescribeInstances', { instances: [], totalCount: 0, apiRequestId: 'r' }, options),
        describeImage: (_id, options) => request('DescribeImage', image, options),
        resetInstances: (_p, options) => request('ResetInstances', { apiRequestId: 'r' }, options),
      },
      secrets: { getSecretValue: (_n, _v, options) => request('GetSecretValue', 'secret', options) },
      topic: { publish: (_t, _c, _tags, options) => request('PublishCmqMsg', { msgId: 'm', apiRequestId: 'r' }, options) },
      tags: {
        tagInstances: (_i, _t, options) => request('TagResources', { apiRequestId: 'r' }, options),
        untagInstances: (_i, _k, options) => request('UnTagResources', { apiRequestId: 'r' }, options),
      },
      ledger: {
        read: (_k, options) => request('GetObject', null, options),
        create: (_k, _b, options) => request('PutObject', true, options),
        write: (_k, _b, options) => request('PutObject', undefined, options),
        remove: (_k, options) => request('DeleteObject', undefined, options),
      },
      functions: { invokeAsync: (_t, _e, options) => request('Invoke', { apiRequestId: 'r' }, options) },
    },
  };
}

interface Setup {
  clock: VirtualClock;
  t0: number;
  cloud: CloudCalls;
  sent: Sent[];
  logs: string[];
}

function setup(o: {
  deadlineMs: number;
  publishDeadlineMs?: number;
  callTimeoutMs?: number;
  perSecond?: number;
  behaviour: (action: string) => Behaviour;
}): Setup {
  const clock = createVirtualClock();
  const t0 = clock.now();
  const { ports: p, sent } = ports(clock, t0, o.behaviour);
  const logs: string[] = [];
  const cloud = createCloudCalls({
    ports: p,
    clock,
    log: createLogger((l) => logs.push(l)),
    limiter: createRateLimiters(o.perSecond ?? 20, clock),
    deadline: t0 + o.deadlineMs,
    ...(o.publishDeadlineMs === undefined ? {} : { publishDeadline: t0 + o.publishDeadlineMs }),
    callTimeoutMs: o.callTimeoutMs ?? 10_000,
    random: () => 0.5,
  });
  return { clock, t0, cloud, sent, logs };
}

/** Runs `p` to its end on the virtual clock; returns its value or error and the virtual ms it ended at. */
async function settleOn<T>(s: Setup, p: Promise<T>): Promise<{ value?: T; error?: unknown; at: number }> {
  const outcome = p.then(
    (value) => ({ value, at: s.clock.now() - s.t0 }),
    (error: unknown) => ({ error, at: s.clock.now() - s.t0 }),
  );
  await s.clock.run();
  return outcome;
}

describe('createCloudCalls: each attempt within min(RESET_API_TIMEOUT, time left)', () => {
  it('ends a ResetInstances that does not answer at the deadline, not at RESET_API_TIMEOUT, as an ambiguous failure of the time limit', async () => {
    const s = setup({ deadlineMs: 3500, callTimeoutMs: 10_000, behaviour: () => 'hang' });
    const r = await settleOn(
      s,
      s.cloud.resetInstances({ instanceIds: ['ein-1'], imageId: null, password: null, keepData: true, keepImageLogin: false, enhancedService: null }),
    );
    expect(r.at).toBe(3500);
    expect(r.error).toBeInstanceOf(CloudCallError);
    expect(r.error).toMatchObject({ failure: 'ambiguous', code: 'Invocation.TimeLimit', tencentCode: undefined });
    expect((r.error as Error).message).toMatch(/ecm:ResetInstances got no answer within 3500 ms \(the invocation's time left\)/);
    // The request was told to stop (its signal fired), and it was not sent again.
    expect(s.sent).toEqual([{ action: 'ResetInstances', start: 0, end: 3500, aborted: true }]);
  });

  it('waits RESET_API_TIMEOUT when there is time enough; a read is retried, each attempt bounded by the time left, none started with under 100 ms left', async () => {
    const s = setup({ deadlineMs: 2500, callTimeoutMs: 1000, behaviour: () => 'hang' });
    const r = await settleOn(s, s.cloud.describeImage('img-1'));
    expect(r.error).toMatchObject({ failure: 'ambiguous' });
    // 1000 ms each while the deadline is far; backoff 75 ms, then 150 ms; the third gets the 275 ms left.
    expect(s.sent.map((x) => [x.start, x.end])).toEqual([
      [0, 1000],
      [1075, 2075],
      [2225, 2500],
    ]);
    expect(s.sent.every((x) => x.aborted && (x.end as number) <= 2500 && 2500 - x.start >= MIN_ATTEMPT_MS)).toBe(true);
    expect((r.error as CloudCallError).code).toBe('Invocation.TimeLimit');
    expect(s.logs.filter((l) => l.includes('cloud.retry'))).toHaveLength(2);
  });

  it('says RESET_API_TIMEOUT when that is what ran out', async () => {
    const s = setup({ deadlineMs: 60_000, callTimeoutMs: 1000, behaviour: () => 'hang' });
    const r = await settleOn(
      s,
      s.cloud.resetInstances({ instanceIds: ['ein-1'], imageId: null, password: null, keepData: true, keepImageLogin: false, enhancedService: null }),
    );
    expect(r.at).toBe(1000);
    expect(r.error).toMatchObject({ failure: 'ambiguous', code: 'Cloud.Unavailable' });
    expect((r.error as Error).message).toMatch(/within 1000 ms \(RESET_API_TIMEOUT\)/);
  });

  it('ends the attempt at its time even when the request ignores the signal', async () => {
    const s = setup({ deadlineMs: 3500, behaviour: () => 'ignore-signal' });
    const r = await settleOn(s, s.cloud.getSecretValue('name', 'v1'));
    expect(r.at).toBe(3500);
    expect(r.error).toMatchObject({ failure: 'ambiguous', code: 'Invocation.TimeLimit' });
  });

  it('starts no call with less than 100 ms left: it fails as not sent, and the API never sees it', async () => {
    const s = setup({ deadlineMs: MIN_ATTEMPT_MS - 1, behaviour: () => ({ answerAfterMs: 1 }) });
    const r = await settleOn(
      s,
      s.cloud.resetInstances({ instanceIds: ['ein-1'], imageId: null, password: null, keepData: true, keepImageLogin: false, enhancedService: null }),
    );
    expect(r.at).toBe(0);
    expect(r.error).toMatchObject({ failure: 'unreachable', code: 'Invocation.TimeLimit' });
    expect((r.error as Error).message).toMatch(/not sent: 99 ms left/);
    expect(s.sent).toEqual([]);
  });

  it('publishes the result in the time kept back after the deadline, still bounded by its own deadline', async () => {
    const s = setup({ deadlineMs: 50, publishDeadlineMs: 1000, behaviour: (a) => (a === 'PublishCmqMsg' ? 'hang' : { answerAfterMs: 1 }) });
    const r = await settleOn(s, s.cloud.publish('topic', '{}', []));
    expect(r.at).toBe(1000);
    expect(s.sent.map((x) => [x.action, x.start, x.end])).toEqual([['PublishCmqMsg', 0, 1000]]);
    expect(r.error).toMatchObject({ failure: 'ambiguous', code: 'Invocation.TimeLimit' });
    // Any other call has no time left by then.
    const other = await settleOn(s, s.cloud.describeImage('img-1'));
    expect(other.error).toMatchObject({ failure: 'unreachable', code: 'Invocation.TimeLimit' });
  });

  it('leaves no timer behind once the answer is in', async () => {
    const s = setup({ deadlineMs: 60_000, behaviour: () => ({ answerAfterMs: 20 }) });
    const r = await settleOn(s, s.cloud.describeImage('img-1'));
    expect(r).toMatchObject({ value: { imageId: 'img-1' }, at: 20 });
    // `run` moves time to every pending wake-up: a 10 s timeout still pending would move it to 10 s.
    expect(s.clock.now() - s.t0).toBe(20);
  });

  it("holds the action's rate-limit slot until the request ends: the next call goes a window after the slow one completes", async () => {
    const s = setup({ deadlineMs: 60_000, perSecond: 1, behaviour: () => ({ answerAfterMs: 800 }) });
    await settleOn(s, Promise.all([s.cloud.describeImage('a'), s.cloud.describeImage('b')]));
    // Window of 1000 + 100 ms from the first one's completion at 800 ms.
    expect(s.sent.map((x) => x.start)).toEqual([0, 1900]);
  });
});
