import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';

describe('fault injection and rate limiting (real SDK)', () => {
  let started: StartedEmulator;
  let ecm: EcmClient;

  beforeAll(async () => {
    started = await startEmulator();
    ecm = new EcmClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reseed(started.emulator.store.seed));

  it('answers an injected error code, `times` times, then normally', async () => {
    started.emulator.faults.add({ action: 'DescribeInstances', code: 'InternalError', times: 2 });
    await expect(ecm.DescribeInstances({})).rejects.toMatchObject({ code: 'InternalError' });
    await expect(ecm.DescribeInstances({})).rejects.toMatchObject({ code: 'InternalError' });
    await expect(ecm.DescribeInstances({})).resolves.toMatchObject({ TotalCount: 9 });
  });

  it('answers an injected HTTP status, which the SDK reports as httpCode', async () => {
    started.emulator.faults.add({ action: 'ecm:DescribeInstances', httpStatus: 503 });
    await expect(ecm.DescribeInstances({})).rejects.toMatchObject({ httpCode: 503 });
    expect(started.emulator.calls.at(-1)).toMatchObject({ httpStatus: 503, fault: 'before: httpStatus=503' });
  });

  it('delays past the SDK reqTimeout', async () => {
    const impatient = new EcmClient({ ...started.clientConfig, profile: { httpProfile: { ...started.profile.httpProfile, reqTimeout: 0.1 } } });
    started.emulator.faults.add({ action: 'DescribeInstances', delayMs: 400 });
    const began = Date.now();
    await expect(impatient.DescribeInstances({})).rejects.toThrow(/timeout/i);
    expect(Date.now() - began).toBeLessThan(400);
  });

  it('drops the connection without an answer', async () => {
    started.emulator.faults.add({ action: 'DescribeInstances', dropConnection: true });
    await expect(ecm.DescribeInstances({})).rejects.toThrow(/socket hang up|ECONNRESET|other side closed/i);
    expect(started.emulator.calls.at(-1)).toMatchObject({ httpStatus: null, fault: 'before: dropConnection' });
  });

  it('drops the connection after ResetInstances took effect (when: after)', async () => {
    started.emulator.faults.add({ action: 'ResetInstances', dropConnection: true, when: 'after' });
    await expect(ecm.ResetInstances({ InstanceIdSet: ['ein-aaaaaaaa'] })).rejects.toThrow();
    const [instance] = (await ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: ['ein-aaaaaaaa'] }] })).InstanceSet ?? [];
    expect(instance).toMatchObject({ LatestOperation: 'ResetInstances', LatestOperationState: 'OPERATING' });
    // A blind retry now meets the documented in-progress error.
    await expect(ecm.ResetInstances({ InstanceIdSet: ['ein-aaaaaaaa'] })).rejects.toMatchObject({ code: 'OperationDenied.InstanceOperationInProgress' });
  });

  it('does not touch state for a before-fault', async () => {
    started.emulator.faults.add({ action: 'ResetInstances', code: 'InternalError' });
    await expect(ecm.ResetInstances({ InstanceIdSet: ['ein-aaaaaaaa'] })).rejects.toMatchObject({ code: 'InternalError' });
    expect(started.emulator.state.pendingResets).toEqual([]);
  });

  it('answers RequestLimitExceeded to the 21st call of one action within a second', async () => {
    const results = await Promise.allSettled(Array.from({ length: 21 }, () => ecm.DescribeInstances({ Limit: 1 })));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok'));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(20);
    expect(codes.filter((c) => c === 'RequestLimitExceeded')).toHaveLength(1);
  });
});
