import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../../lib/tools/emulator/index';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';
import { managementSeed } from '../../support/management';

/** SCF's limit for an async event (doc 583/11637). */
const ASYNC_LIMIT = 128 * 1024;

describe('SCF Invoke on the emulator (real SDK)', () => {
  let started: StartedEmulator;
  let scf: ScfClient;
  const invocations = () => started.emulator.state.invocations;

  beforeAll(async () => {
    started = await startEmulator(managementSeed());
    scf = new ScfClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reset());
  afterEach(async () => {
    await started.emulator.drainInvocations();
    started.emulator.onInvoke(null);
  });

  it('Event: Invoke answers before the handler finishes, then the handler gets the event and the invocation is delivered', async () => {
    const order: string[] = [];
    const seen: Invocation[] = [];
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    started.emulator.onInvoke(async (invocation) => {
      seen.push(invocation);
      // The emulator logs a call once its answer is written: the Invoke is there before the handler runs.
      const answered = started.emulator.calls.some((c) => c.action === 'Invoke' && c.httpStatus === 200);
      order.push(answered ? 'handler started after the answer' : 'handler started before the answer');
      await gate;
      order.push('handler finished');
      return { ok: true };
    });
    // Were Invoke to wait for the handler, this await would never return: the gate opens only below.
    const context = JSON.stringify({ phase: 'continue', batch: 2 });
    const answer = await scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ClientContext: context });
    order.push('Invoke returned');
    expect(order).not.toContain('handler finished');
    expect(answer.Result).toEqual({ FunctionRequestId: expect.any(String) });
    expect(invocations()).toEqual([expect.objectContaining({ id: answer.Result?.FunctionRequestId, type: 'Event', status: 'pending' })]);

    open();
    await started.emulator.drainInvocations();
    expect(order.filter((step) => step !== 'handler started after the answer')).toEqual(['Invoke returned', 'handler finished']);
    expect(order).toContain('handler started after the answer');
    expect(seen).toEqual([{ functionName: 'legacy-reset', namespace: 'default', qualifier: '$LATEST', event: { phase: 'continue', batch: 2 }, type: 'Event' }]);
    expect(invocations()[0]).toMatchObject({ status: 'delivered', functionName: 'legacy-reset', eventBytes: context.length, error: null });
  });

  it('Event: a handler that throws leaves the invocation failed with its message', async () => {
    started.emulator.onInvoke(() => Promise.reject(new Error('boom')));
    await scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ClientContext: '{}' });
    await started.emulator.drainInvocations();
    expect(invocations()[0]).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('Event without a handler: recorded and pending', async () => {
    await scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ClientContext: '{"a":1}' });
    await started.emulator.drainInvocations();
    expect(invocations()).toEqual([
      {
        id: expect.any(String),
        time: expect.any(String),
        functionName: 'legacy-reset',
        namespace: 'default',
        qualifier: '$LATEST',
        type: 'Event',
        eventBytes: 7,
        status: 'pending',
        error: null,
      },
    ]);
  });

  it('RequestResponse awaits the handler and answers its result in Result.RetMsg; its error in Result.ErrMsg', async () => {
    started.emulator.onInvoke(async ({ event }) => {
      if ((event as { fail?: boolean }).fail) throw new Error('refused');
      return { statusCode: 200, body: 'done' };
    });
    const ok = await scf.Invoke({ FunctionName: 'legacy-reset', ClientContext: '{}' });
    expect(ok.Result).toMatchObject({ RetMsg: '{"statusCode":200,"body":"done"}', ErrMsg: '', FunctionRequestId: expect.any(String), InvokeResult: 0 });
    const failed = await scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'RequestResponse', ClientContext: '{"fail":true}' });
    expect(failed.Result).toMatchObject({ RetMsg: '', ErrMsg: 'refused' });
    expect(invocations().map((i) => [i.type, i.status])).toEqual([
      ['RequestResponse', 'delivered'],
      ['RequestResponse', 'failed'],
    ]);
  });

  it('RequestResponse without a handler: FailedOperation.InvokeFunction', async () => {
    await expect(scf.Invoke({ FunctionName: 'legacy-reset', ClientContext: '{}' })).rejects.toMatchObject({ code: 'FailedOperation.InvokeFunction' });
  });

  it('an async event may be 128 KB and no more', async () => {
    const event = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });
    expect(Buffer.byteLength(event(ASYNC_LIMIT))).toBe(ASYNC_LIMIT);
    await scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ClientContext: event(ASYNC_LIMIT) });
    await expect(scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ClientContext: event(ASYNC_LIMIT + 1) })).rejects.toMatchObject({
      code: 'InvalidParameter.RequestTooLarge',
    });
    expect(invocations().map((i) => i.eventBytes)).toEqual([ASYNC_LIMIT]);
  });

  it.each([
    ['ClientContext that is not JSON', 'InvalidParameterValue.Param', { ClientContext: '{not json' }],
    ['an unknown InvocationType', 'InvalidParameterValue', { InvocationType: 'DryRun' }],
    ['an unknown qualifier', 'ResourceNotFound.Qualifier', { Qualifier: '7' }],
  ])('refuses %s with %s', async (_name, code, request) => {
    await expect(scf.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ...request })).rejects.toMatchObject({ code });
    expect(invocations()).toEqual([]);
  });

  it('createEmulator takes the handler as an option, and GET /_emulator/state lists invocations', async () => {
    const handled: unknown[] = [];
    const other = await startEmulator(managementSeed(), { onInvoke: async ({ event }) => handled.push(event) });
    try {
      const client = new ScfClient(other.clientConfig);
      await client.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event', ClientContext: '{"n":1}' });
      await other.emulator.drainInvocations();
      expect(handled).toEqual([{ n: 1 }]);
      const state = (await (await fetch(`${other.emulator.url}/_emulator/state`)).json()) as { invocations: { status: string }[] };
      expect(state.invocations.map((i) => i.status)).toEqual(['delivered']);
    } finally {
      await other.close();
    }
  });
});
