import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultMessageSchema } from '../../../lib/function/result/result-message';
import { demoSeed } from '../../support/emulator';
import { type FunctionOptions, type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';
import { ledgerView } from '../../support/ledger';

interface Result {
  instanceId: string;
  status: string;
  code: string;
  message: string;
  apiRequestId: string | null;
}

/**
 * Errors the emulator produces itself, from the demo seed's fleet and images, as the real API
 * would: each must reach the caller and the topic per instance, with Tencent's code unchanged.
 */
describe('Tencent error codes produced by the emulator, end to end', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(async () => {
    await fut?.close();
    fut = undefined;
  });

  async function reset(body: Record<string, unknown>, options: FunctionOptions = {}) {
    fut = await startFunction(options);
    const r = httpAnswer(await fut.invoke(signedResetEvent(body)));
    const msgs = fut.messages();
    expect(msgs).toHaveLength(1);
    expect(v.is(ResultMessageSchema, msgs[0])).toBe(true);
    const results = r.body['results'] as Result[];
    // The topic carries exactly what the caller was told.
    expect((msgs[0] as { results: Result[] }).results).toEqual(results);
    return { status: r.status, body: r.body, results, message: msgs[0] as Record<string, unknown>, fut };
  }

  it('InvalidImageArchitecture is foreseen: a 32-bit image on an 8 GB instance fails before any ResetInstances, naming the rule (400: the request is at fault)', async () => {
    const r = await reset({ instanceIds: ['ein-aaaaaaaa'], imageId: 'img-pub32cen', reason: 'downgrade' });
    expect(r.status).toBe(400);
    expect(r.body['type']).toBe('reset.failed');
    expect(r.results).toEqual([
      expect.objectContaining({
        instanceId: 'ein-aaaaaaaa',
        status: 'failed',
        code: 'Request.Invalid',
        message: expect.stringContaining('InvalidParameterValue.InvalidImageArchitecture'),
      }),
    ]);
    expect(r.fut.calls('ResetInstances')).toEqual([]);
  });

  it('a 32-bit image in a mixed batch: only the 8 GB instance fails, the 2 GB one is reset in one call (reset.partial)', async () => {
    const r = await reset({ instanceIds: ['ein-aaaaaaaa', 'ein-web00003'], imageId: 'img-pub32cen', reason: 'downgrade' });
    expect(r.status).toBe(202);
    expect(r.body['type']).toBe('reset.partial');
    const byId = Object.fromEntries(r.results.map((x) => [x.instanceId, x]));
    expect(byId['ein-aaaaaaaa']).toMatchObject({ status: 'failed', code: 'Request.Invalid' });
    expect(byId['ein-web00003']).toMatchObject({ status: 'accepted', code: 'Accepted' });
    expect(r.fut.calls('ResetInstances').map((c) => (c.params as { InstanceIdSet: string[] }).InstanceIdSet)).toEqual([['ein-web00003']]);
  });

  it('InvalidParameterValue.InvalidImageID: an image that does not exist', async () => {
    const r = await reset({ instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], imageId: 'img-zzzzzzzz', reason: 'new image' });
    expect(r.status).toBe(502);
    expect(r.results.map((x) => [x.instanceId, x.status, x.code])).toEqual([
      ['ein-aaaaaaaa', 'failed', 'InvalidParameterValue.InvalidImageID'],
      ['ein-bbbbbbbb', 'failed', 'InvalidParameterValue.InvalidImageID'],
    ]);
  });

  it('FailedOperation.OperationNotAllow: keepImageLogin on a public image (no password secret configured)', async () => {
    const r = await reset({ instanceIds: ['ein-aaaaaaaa'], keepImageLogin: true, reason: 'keep login' }, { env: { RESET_PASSWORD_SECRET: '' } });
    expect(r.results).toEqual([expect.objectContaining({ status: 'failed', code: 'FailedOperation.OperationNotAllow' })]);
    expect(r.fut.calls('ResetInstances')[0]?.params).toMatchObject({ KeepImageLogin: 'TRUE' });
  });

  it('a bad password secret is caught by the function before ResetInstances with a clear Password.Policy error', async () => {
    const seed = demoSeed();
    seed.secrets = (seed.secrets ?? []).map((s) => (s.name === 'ecm-reset/root-password' ? { ...s, versions: { SSM_Current: 'short1' } } : s));
    const r = await reset({ instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' }, { seed: { secrets: seed.secrets } });
    expect(r.status).toBe(500);
    expect(r.body['error']).toMatchObject({
      code: 'Password.Policy',
      message: expect.stringMatching(/ecm-reset\/root-password .*linux password must be 8 to 16 characters/),
    });
    expect(r.results).toEqual([expect.objectContaining({ instanceId: 'ein-aaaaaaaa', status: 'failed', code: 'Password.Policy' })]);
    expect(r.fut.calls('ResetInstances')).toEqual([]);
    expect(JSON.stringify([r.body, r.message, r.fut.logs])).not.toContain('short1');
  });

  it('UnauthorizedOperation.ForbiddenOperation: credentials that may not call ResetInstances', async () => {
    const seed = demoSeed();
    const noReset = {
      secretId: 'AKIDNORESET34567890ABCDEFGHIJKLMNOPQ',
      secretKey: 'NoResetSecretKeyNoResetSecretKey12',
      uin: '100012345678',
      deny: ['ecm:ResetInstances'],
    };
    const r = await reset(
      { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' },
      { seed: { credentials: [...seed.credentials, noReset] }, env: { TENCENTCLOUD_SECRETID: noReset.secretId, TENCENTCLOUD_SECRETKEY: noReset.secretKey } },
    );
    expect(r.status).toBe(502);
    expect(r.results).toEqual([
      expect.objectContaining({ status: 'failed', code: 'UnauthorizedOperation.ForbiddenOperation', apiRequestId: expect.any(String) }),
    ]);
  });

  it('credentials that may not write the ledger: refused before ResetInstances (the guardrail state cannot be kept), 503 with COS’s code', async () => {
    const read = demoSeed().credentials[2];
    if (read === undefined) throw new Error('the demo seed has no third credential');
    expect(read.secretId).toMatch(/^AKIDREAD/);
    fut = await startFunction({ env: { TENCENTCLOUD_SECRETID: read.secretId, TENCENTCLOUD_SECRETKEY: read.secretKey } });
    const r = httpAnswer(await fut.invoke(signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'disk full' })));
    expect(r.status).toBe(503);
    expect(r.body['error']).toMatchObject({ code: 'AccessDenied' });
    expect(fut.calls('ResetInstances')).toEqual([]);
    // Nothing published: an outcome nobody could record might be contradicted later.
    expect(fut.messages()).toEqual([]);
  });

  it('ResourceNotFound.InstanceNotExist: an unknown id is found missing by DescribeInstances and never sent', async () => {
    const r = await reset({ instanceIds: ['ein-zzzzzzzz'], reason: 'gone?' }, { env: { RESET_ALLOW: '*' } });
    expect(r.status).toBe(404);
    expect(r.results).toEqual([expect.objectContaining({ instanceId: 'ein-zzzzzzzz', status: 'failed', code: 'ResourceNotFound.InstanceNotExist' })]);
    expect(r.fut.calls('ResetInstances')).toEqual([]);
  });

  it('ResourceNotFound.InstanceNotExist fails only the unknown instance of a request', async () => {
    const r = await reset({ instanceIds: ['ein-aaaaaaaa', 'ein-zzzzzzzz'], reason: 'one gone' }, { env: { RESET_ALLOW: '*' } });
    expect(r.body['type']).toBe('reset.partial');
    expect(r.results.map((x) => [x.instanceId, x.code])).toEqual(
      expect.arrayContaining([
        ['ein-aaaaaaaa', 'Accepted'],
        ['ein-zzzzzzzz', 'ResourceNotFound.InstanceNotExist'],
      ]),
    );
  });

  it('a second request that lands while the first reset is starting is refused by the ledger, before ECM has to (one ResetInstances)', async () => {
    fut = await startFunction();
    const f = fut;
    // The first ResetInstances to arrive is held for a second: the other request reads the
    // instance idle in the meantime, but the ledger already holds it for the first.
    f.emu.emulator.faults.add({ action: 'ResetInstances', delayMs: 1000, times: 1 });
    const [a, b] = await Promise.all([
      f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'first', idempotencyKey: 'race-a' }),
      f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'second', idempotencyKey: 'race-b' }),
    ]);
    const answers = [a, b] as { type: string; status: number; results: Result[] }[];
    expect(answers.map((x) => x.type).sort()).toEqual(['reset.accepted', 'reset.rejected']);
    const refused = answers.find((x) => x.type === 'reset.rejected');
    expect(refused?.results).toEqual([expect.objectContaining({ status: 'skipped', code: 'Guard.Cooldown' })]);
    expect(refused?.status).toBe(409);
    expect(f.calls('ResetInstances').map((c) => c.error?.code ?? 'ok')).toEqual(['ok']);
  });

  it('OperationDenied.InstanceOperationInProgress from ECM (someone else is operating the instance): failed 409, and the reservation stays', async () => {
    fut = await startFunction();
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'OperationDenied.InstanceOperationInProgress', times: 1 });
    const r = (await fut.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'busy elsewhere' })) as { type: string; status: number; results: Result[] };
    expect(r).toMatchObject({ type: 'reset.failed', status: 409 });
    expect(r.results).toEqual([expect.objectContaining({ status: 'failed', code: 'OperationDenied.InstanceOperationInProgress' })]);
    // Not given back: the instance is someone else's right now, so the cooldown holds (fail closed).
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).resetsOf('ein-aaaaaaaa')).toHaveLength(1);
  });

  it('an instance seen busy by DescribeInstances is skipped by the function (Guard.InProgress, 409) without a call', async () => {
    const r = await reset({ instanceIds: ['ein-busy0001'], reason: 'stuck' }, { env: { RESET_ALLOW: '*' } });
    expect(r.status).toBe(409);
    expect(r.results).toEqual([expect.objectContaining({ status: 'skipped', code: 'Guard.InProgress' })]);
    expect(r.fut.calls('ResetInstances')).toEqual([]);
  });
});

describe('Tencent errors outside ResetInstances', () => {
  it('AuthFailure.SignatureFailure (a wrong secret key): nothing can be read, recorded or published, so nothing is reset and the invocation fails for SCF to retry, the outcome in the log', async () => {
    const fut = await startFunction({ env: { TENCENTCLOUD_SECRETKEY: 'WrongSecretKeyWrongSecretKey1234' } });
    try {
      const err = await fut.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'bad key' }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(/^State\.Unavailable: .*SignatureDoesNotMatch/);
      expect(err?.stack).toBe(err?.message);
      expect(fut.calls().map((c) => c.error?.code)).toContain('SignatureDoesNotMatch');
      expect(fut.calls('ResetInstances')).toEqual([]);
      const deferred = fut.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['event'] === 'reset.deferred');
      expect(deferred).toHaveLength(1);
      expect(String(deferred[0]?.['reason'])).toMatch(/SignatureDoesNotMatch/);
      expect(JSON.stringify(fut.logs)).not.toContain('WrongSecretKeyWrongSecretKey1234');
    } finally {
      await fut.close();
    }
  });
});
