import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

interface Result {
  instanceId: string;
  status: string;
  code: string;
  apiRequestId: string | null;
}

/**
 * Every ResetInstances error code Tencent documents (sdk-go ecm v20190719 client.go, see
 * tencentcloud-sdk-go ecm/v20190719 client.go) that the emulator cannot be led to produce from state, plus common codes,
 * injected as faults. Each must come back per instance with the code exactly as sent.
 */
const REJECTED = [
  ['FailedOperation.OperationNotAllow', 502],
  ['InvalidParameter.InvalidDataFormat', 502],
  ['InvalidParameter.ParameterConflict', 502],
  ['InvalidParameterValue.InvaildPassword', 502],
  ['InvalidParameterValue.InvalidImageArchitecture', 502],
  ['InvalidParameterValue.InvalidImageID', 502],
  ['InvalidParameterValue.InvalidInstanceID', 502],
  ['InvalidParameterValue.ParameterValueTooLarge', 502],
  ['OperationDenied.InstanceOperationInProgress', 409],
  ['ResourceNotFound.InstanceNotExist', 404],
  ['UnauthorizedOperation.ForbiddenOperation', 502],
  ['AuthFailure.SignatureFailure', 502],
  ['LimitExceeded', 502],
] as const;

describe('Tencent error codes injected into ResetInstances, end to end', () => {
  let fut: FunctionUnderTest;
  beforeEach(async () => {
    fut = await startFunction();
  });
  afterEach(() => fut.close());

  const resetOne = async (context: Record<string, unknown> = {}) => {
    const r = httpAnswer(await fut.invoke(signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'fault drill' }), context));
    const msgs = fut.messages();
    expect(msgs).toHaveLength(1);
    expect(v.is(ResultMessageSchema, msgs[0])).toBe(true);
    expect((msgs[0] as { results: Result[] }).results).toEqual(r.body['results']);
    return { status: r.status, type: r.body['type'], results: r.body['results'] as Result[] };
  };

  it.each(REJECTED)('%s → failed with that exact code, HTTP %i, no retry', async (code, status) => {
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code, times: 5 });
    const r = await resetOne();
    expect(r.type).toBe('reset.failed');
    expect(r.status).toBe(status);
    expect(r.results).toEqual([expect.objectContaining({ instanceId: 'ein-aaaaaaaa', status: 'failed', code, apiRequestId: expect.any(String) })]);
    expect(fut.calls('ResetInstances')).toHaveLength(1);
  });

  it('RequestLimitExceeded once: waits and retries, then the reset is accepted', async () => {
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'RequestLimitExceeded', times: 1 });
    const r = await resetOne();
    expect(r.type).toBe('reset.accepted');
    expect(fut.calls('ResetInstances').map((c) => c.error?.code ?? null)).toEqual(['RequestLimitExceeded', null]);
  });

  it('RequestLimitExceeded until the time runs out: failed with that code, HTTP 503', async () => {
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'RequestLimitExceeded', times: 100 });
    // 2.5 s of SCF time leaves 1 s for retries after the answer margin.
    const r = await resetOne({ time_limit_in_ms: 2500 });
    expect(r.status).toBe(503);
    expect(r.results).toEqual([expect.objectContaining({ status: 'failed', code: 'RequestLimitExceeded' })]);
  });

  // Reconciliation itself is execute-reset's to prove; here only that the codes travel unchanged.
  it('FailedOperation.InternalOperationFailure once (ambiguous): reconciled, not started, sent once more and accepted', async () => {
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'FailedOperation.InternalOperationFailure', times: 1 });
    const r = await resetOne();
    expect(r.type).toBe('reset.accepted');
    expect(fut.calls('ResetInstances').map((c) => c.error?.code ?? null)).toEqual(['FailedOperation.InternalOperationFailure', null]);
  });

  it('InternalError that persists: failed with the code kept, sent at most twice', async () => {
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'InternalError', times: 10 });
    const r = await resetOne();
    expect(r.results).toEqual([expect.objectContaining({ status: 'failed', code: 'InternalError' })]);
    expect(fut.calls('ResetInstances')).toHaveLength(2);
  });
});
