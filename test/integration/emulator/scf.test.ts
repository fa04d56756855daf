import { createHash } from 'node:crypto';
import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import type { CreateFunctionRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';
import { managementSeed, NO_SCF, SETTLE_MS, zipFile } from '../../support/management';

describe('SCF functions on the emulator (real SDK)', () => {
  let started: StartedEmulator;
  let scf: ScfClient;
  const create = (overrides: Partial<CreateFunctionRequest> = {}) =>
    scf.CreateFunction({
      FunctionName: 'ecm-reset',
      Code: { ZipFile: zipFile() },
      Runtime: 'Nodejs18.15',
      Handler: 'index.main_handler',
      MemorySize: 256,
      Timeout: 60,
      Role: 'ecm-reset-runner',
      AsyncRunEnable: 'TRUE',
      Environment: { Variables: [{ Key: 'RESET_ALLOW', Value: 'tag:env=prod' }] },
      ...overrides,
    });
  const settle = () => started.emulator.advanceClock(SETTLE_MS);
  const status = async (FunctionName = 'ecm-reset') => (await scf.GetFunction({ FunctionName })).Status;

  beforeAll(async () => {
    started = await startEmulator(managementSeed());
    scf = new ScfClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reset());

  it('CreateFunction answers at once; the function is Creating until scfSettleMs has passed, then Active', async () => {
    await expect(create()).resolves.toMatchObject({ RequestId: expect.any(String) });
    expect(await status()).toBe('Creating');
    settle();
    const fn = await scf.GetFunction({ FunctionName: 'ecm-reset' });
    expect(fn).toMatchObject({
      FunctionName: 'ecm-reset',
      Namespace: 'default',
      Status: 'Active',
      Runtime: 'Nodejs18.15',
      Handler: 'index.main_handler',
      MemorySize: 256,
      Timeout: 60,
      Role: 'ecm-reset-runner',
      AsyncRunEnable: 'TRUE',
      Type: 'Event',
      Environment: { Variables: [{ Key: 'RESET_ALLOW', Value: 'tag:env=prod' }] },
      CodeSize: Buffer.from(zipFile(), 'base64').length,
      FunctionId: expect.stringMatching(/^lam-[a-z0-9]{8}$/),
      Triggers: [],
    });
    const [state] = started.emulator.state.functions.filter((f) => f.name === 'ecm-reset');
    expect(state).toMatchObject({ status: 'Active', environment: { RESET_ALLOW: 'tag:env=prod' }, codeSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses a second function of the same name (ResourceInUse.Function)', async () => {
    await create();
    await expect(create()).rejects.toMatchObject({ code: 'ResourceInUse.Function' });
    await expect(create({ FunctionName: 'legacy-reset' })).rejects.toMatchObject({ code: 'ResourceInUse.Function' });
  });

  it.each<[string, string, Partial<CreateFunctionRequest>]>([
    ['a name ending in -', 'InvalidParameterValue.FunctionName', { FunctionName: 'ecm-reset-' }],
    ['an undocumented runtime', 'InvalidParameterValue.Runtime', { Runtime: 'Nodejs20.15' }],
    ['100 MB of memory', 'InvalidParameterValue.MemorySize', { MemorySize: 100 }],
    ['3200 MB of memory', 'InvalidParameterValue.MemorySize', { MemorySize: 3200 }],
    ['a 901 s timeout', 'LimitExceeded.Timeout', { Timeout: 901 }],
    ['a handler without a method', 'InvalidParameterValue.Handler', { Handler: 'index' }],
    ['a reserved variable', 'InvalidParameterValue.EnvironmentSystemProtect', { Environment: { Variables: [{ Key: 'TENCENTCLOUD_SECRETID', Value: 'x' }] } }],
    ['an SCF_ variable', 'InvalidParameterValue.EnvironmentSystemProtect', { Environment: { Variables: [{ Key: 'SCF_X', Value: 'x' }] } }],
    ['over 4 KB of variables', 'InvalidParameterValue.EnvironmentExceededLimit', { Environment: { Variables: [{ Key: 'BIG', Value: 'x'.repeat(4094) }] } }],
    ['an empty variable value', 'InvalidParameterValue.Environment', { Environment: { Variables: [{ Key: 'EMPTY', Value: '' }] } }],
    ['a role CAM does not have', 'ResourceNotFound.Role', { Role: 'no-such-role' }],
    ['bytes that are not a zip', 'InvalidParameterValue.ZipFile', { Code: { ZipFile: Buffer.from('not a zip').toString('base64') } }],
    ['a ZipFile that is not base64', 'InvalidParameterValue.ZipFileBase64BinasciiError', { Code: { ZipFile: 'PK!!' } }],
    ['no code', 'MissingParameter.Code', { Code: {} }],
    ['two code sources', 'InvalidParameterValue.Code', { Code: { ZipFile: zipFile(), CosBucketName: 'b', CosObjectName: 'o' } }],
    ['AsyncRunEnable yes', 'InvalidParameterValue.AsyncRunEnable', { AsyncRunEnable: 'yes' }],
    ['a misspelt parameter', 'UnknownParameter', { Handlr: 'index.main' } as Partial<CreateFunctionRequest>],
  ])('CreateFunction refuses %s with %s', async (_name, code, overrides) => {
    await expect(create(overrides)).rejects.toMatchObject({ code });
    expect(started.emulator.state.functions.map((f) => f.name)).toEqual(['legacy-reset']);
  });

  it('takes 64 MB, 3072 MB and exactly 4 KB of variables', async () => {
    await create({ FunctionName: 'small', MemorySize: 64 });
    await create({ FunctionName: 'large', MemorySize: 3072, Environment: { Variables: [{ Key: 'BIG', Value: 'x'.repeat(4093) }] } });
  });

  it('refuses changes while the function is Creating, each action with its own code', async () => {
    await create();
    await expect(scf.UpdateFunctionCode({ FunctionName: 'ecm-reset', ZipFile: zipFile('v2') })).rejects.toMatchObject({
      code: 'FailedOperation.FunctionStatusError',
    });
    await expect(scf.UpdateFunctionConfiguration({ FunctionName: 'ecm-reset', Timeout: 30 })).rejects.toMatchObject({
      code: 'FailedOperation.UpdateFunctionConfiguration',
    });
    await expect(scf.DeleteFunction({ FunctionName: 'ecm-reset' })).rejects.toMatchObject({ code: 'FailedOperation.FunctionStatusError' });
    await expect(scf.Invoke({ FunctionName: 'ecm-reset', InvocationType: 'Event' })).rejects.toMatchObject({ code: 'FailedOperation.FunctionStatusError' });
  });

  it('UpdateFunctionCode records the new zip and leaves the function Updating until it settles', async () => {
    const before = started.emulator.state.functions.find((f) => f.name === 'legacy-reset')?.codeSha256;
    await scf.UpdateFunctionCode({ FunctionName: 'legacy-reset', ZipFile: zipFile('v2'), Handler: 'app.main_handler' });
    expect(await status('legacy-reset')).toBe('Updating');
    await expect(scf.UpdateFunctionCode({ FunctionName: 'legacy-reset', ZipFile: zipFile('v3') })).rejects.toMatchObject({
      code: 'FailedOperation.FunctionStatusError',
    });
    settle();
    expect(await scf.GetFunction({ FunctionName: 'legacy-reset' })).toMatchObject({ Status: 'Active', Handler: 'app.main_handler' });
    const after = started.emulator.state.functions.find((f) => f.name === 'legacy-reset')?.codeSha256;
    expect(after).not.toBe(before);
    // GetFunctionAddress tells the code's SHA-256 (hex of the zip, the emulator's reading), which a deployer compares.
    expect(await scf.GetFunctionAddress({ FunctionName: 'legacy-reset' })).toMatchObject({
      CodeSha256: createHash('sha256')
        .update(Buffer.from(zipFile('v2'), 'base64'))
        .digest('hex'),
      Url: expect.stringMatching(/^https:\/\//),
    });
    expect(after).toBe((await scf.GetFunctionAddress({ FunctionName: 'legacy-reset' })).CodeSha256);
    await expect(scf.UpdateFunctionCode({ FunctionName: 'legacy-reset', Code: { ZipFile: 'UEsDBA==' }, ZipFile: zipFile() })).rejects.toMatchObject({
      code: 'InvalidParameterValue.Code',
    });
  });

  it('UpdateFunctionConfiguration replaces the variables, keeps the runtime, and empties them with one blank variable', async () => {
    await scf.UpdateFunctionConfiguration({
      FunctionName: 'legacy-reset',
      MemorySize: 512,
      Environment: { Variables: [{ Key: 'RESET_MODE', Value: 'dry-run' }] },
    });
    settle();
    expect(await scf.GetFunction({ FunctionName: 'legacy-reset' })).toMatchObject({
      MemorySize: 512,
      Environment: { Variables: [{ Key: 'RESET_MODE', Value: 'dry-run' }] },
    });
    await expect(scf.UpdateFunctionConfiguration({ FunctionName: 'legacy-reset', Runtime: 'Python3.9' })).rejects.toMatchObject({
      code: 'InvalidParameterValue.Runtime',
    });
    await scf.UpdateFunctionConfiguration({ FunctionName: 'legacy-reset', Environment: { Variables: [{ Key: '', Value: '' }] } });
    settle();
    expect((await scf.GetFunction({ FunctionName: 'legacy-reset' })).Environment).toEqual({ Variables: [] });
    await expect(scf.UpdateFunctionConfiguration({ FunctionName: 'legacy-reset', Role: 'nobody' })).rejects.toMatchObject({ code: 'ResourceNotFound.Role' });
  });

  it('DeleteFunction: Deleting, then gone', async () => {
    await scf.DeleteFunction({ FunctionName: 'legacy-reset' });
    expect(await status('legacy-reset')).toBe('Deleting');
    settle();
    await expect(scf.GetFunction({ FunctionName: 'legacy-reset' })).rejects.toMatchObject({ code: 'ResourceNotFound.Function' });
  });

  it.each([
    ['GetFunction', (c: ScfClient) => c.GetFunction({ FunctionName: 'nope' })],
    ['UpdateFunctionCode', (c: ScfClient) => c.UpdateFunctionCode({ FunctionName: 'nope', ZipFile: zipFile() })],
    ['UpdateFunctionConfiguration', (c: ScfClient) => c.UpdateFunctionConfiguration({ FunctionName: 'nope' })],
    ['DeleteFunction', (c: ScfClient) => c.DeleteFunction({ FunctionName: 'nope' })],
    ['Invoke', (c: ScfClient) => c.Invoke({ FunctionName: 'nope' })],
    ['ListTriggers', (c: ScfClient) => c.ListTriggers({ FunctionName: 'nope' })],
    ['GetReservedConcurrencyConfig', (c: ScfClient) => c.GetReservedConcurrencyConfig({ FunctionName: 'nope' })],
    ['GetFunction in another namespace', (c: ScfClient) => c.GetFunction({ FunctionName: 'legacy-reset', Namespace: 'other' })],
  ])('%s on an unknown function answers ResourceNotFound.Function', async (_name, call) => {
    await expect(call(scf)).rejects.toMatchObject({ code: 'ResourceNotFound.Function' });
  });

  it('ListFunctions searches, filters on Status and pages', async () => {
    await create();
    await create({ FunctionName: 'ecm-reset-canary' });
    const names = (answer: { Functions?: { FunctionName?: string }[] }) => answer.Functions?.map((f) => f.FunctionName);
    expect(names(await scf.ListFunctions({ SearchKey: 'ecm-reset', Orderby: 'FunctionName', Order: 'ASC' }))).toEqual(['ecm-reset', 'ecm-reset-canary']);
    const active = await scf.ListFunctions({ Filters: [{ Name: 'Status', Values: ['Active'] }] });
    expect(names(active)).toEqual(['legacy-reset']);
    const page = await scf.ListFunctions({ Limit: 1, Offset: 1, Orderby: 'FunctionName', Order: 'ASC' });
    expect({ total: page.TotalCount, names: names(page) }).toEqual({ total: 3, names: ['ecm-reset-canary'] });
    await expect(scf.ListFunctions({ Orderby: 'Size' })).rejects.toMatchObject({ code: 'InvalidParameterValue.Orderby' });
  });

  it('reserved concurrency: Put, Get, and the quota of the region less 12800 MB', async () => {
    expect((await scf.GetReservedConcurrencyConfig({ FunctionName: 'legacy-reset' })).ReservedMem).toBeNull();
    await scf.PutReservedConcurrencyConfig({ FunctionName: 'legacy-reset', ReservedConcurrencyMem: 1024 });
    expect((await scf.GetReservedConcurrencyConfig({ FunctionName: 'legacy-reset' })).ReservedMem).toBe(1024);
    await expect(scf.PutReservedConcurrencyConfig({ FunctionName: 'legacy-reset', ReservedConcurrencyMem: 128_000 - 12_800 + 1 })).rejects.toMatchObject({
      code: 'LimitExceeded.FunctionReservedConcurrencyMemory',
    });
  });

  it('async retry configuration: defaults, Update, Get, and a malformed one', async () => {
    expect((await scf.GetFunctionEventInvokeConfig({ FunctionName: 'legacy-reset' })).AsyncTriggerConfig).toEqual({
      RetryConfig: [{ RetryNum: 2 }],
      MsgTTL: 21600,
    });
    await scf.UpdateFunctionEventInvokeConfig({ FunctionName: 'legacy-reset', AsyncTriggerConfig: { RetryConfig: [{ RetryNum: 0 }], MsgTTL: 3600 } });
    expect((await scf.GetFunctionEventInvokeConfig({ FunctionName: 'legacy-reset' })).AsyncTriggerConfig).toEqual({
      RetryConfig: [{ RetryNum: 0 }],
      MsgTTL: 3600,
    });
    await expect(
      scf.UpdateFunctionEventInvokeConfig({ FunctionName: 'legacy-reset', AsyncTriggerConfig: { RetryConfig: [], MsgTTL: 3600 } }),
    ).rejects.toMatchObject({ code: 'InvalidParameterValue.AsyncTriggerConfig' });
  });

  it('denied credentials get AuthFailure.UnauthorizedOperation for every SCF action; SCF needs a region', async () => {
    const denied = new ScfClient({ ...started.clientConfig, credential: NO_SCF });
    await expect(denied.GetFunction({ FunctionName: 'legacy-reset' })).rejects.toMatchObject({ code: 'AuthFailure.UnauthorizedOperation' });
    await expect(denied.Invoke({ FunctionName: 'legacy-reset', InvocationType: 'Event' })).rejects.toMatchObject({ code: 'AuthFailure.UnauthorizedOperation' });
    const noRegion = new ScfClient({ credential: started.credential, profile: started.profile });
    await expect(noRegion.GetFunction({ FunctionName: 'legacy-reset' })).rejects.toMatchObject({ code: 'MissingParameter' });
  });

  it('POST /_emulator/reset brings back the seed: created functions go, deleted ones return; the call log stays', async () => {
    await create();
    await scf.DeleteFunction({ FunctionName: 'legacy-reset' });
    settle();
    const calls = started.emulator.calls.length;
    const res = await fetch(`${started.emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { functions: { name: string; status: string }[] };
    expect(body.functions.map((f) => [f.name, f.status])).toEqual([['legacy-reset', 'Active']]);
    expect(started.emulator.calls.length).toBe(calls);
  });
});
