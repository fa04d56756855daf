import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import type { CreateTriggerRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';
import { managementSeed, SETTLE_MS, zipFile } from '../../support/management';

const FUNCTION_URL = /^https:\/\/1250000000-[a-z0-9]{10}\.ap-guangzhou\.tencentscf\.com$/;
const CKAFKA = { maxMsgNum: 100, offset: 'latest', retry: 10000, timeOut: 60, consumerGroupName: '' };

describe('SCF triggers on the emulator (real SDK)', () => {
  let started: StartedEmulator;
  let scf: ScfClient;
  const trigger = (request: Partial<CreateTriggerRequest> & Pick<CreateTriggerRequest, 'Type' | 'TriggerName'>) =>
    scf.CreateTrigger({ FunctionName: 'legacy-reset', ...request });
  const list = async () => (await scf.ListTriggers({ FunctionName: 'legacy-reset', OrderBy: 'add_time', Order: 'ASC' })).Triggers ?? [];

  beforeAll(async () => {
    started = await startEmulator(managementSeed());
    scf = new ScfClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reset());

  it('a seeded legacy API Gateway trigger shows in GetFunction and ListTriggers, and can be deleted', async () => {
    const fn = await scf.GetFunction({ FunctionName: 'legacy-reset' });
    expect(fn.Triggers?.map((t) => [t.Type, t.TriggerName])).toEqual([
      ['apigw', 'legacy-api'],
      ['timer', 'every-5-min'],
    ]);
    expect(JSON.parse(fn.Triggers?.[0]?.TriggerDesc ?? '')).toMatchObject({ service: { serviceId: 'service-abcd1234' } });
    expect((await list()).find((t) => t.Type === 'timer')).toMatchObject({ TriggerDesc: '{"cron":"0 */5 * * * * *"}', Enable: 1, Qualifier: '$DEFAULT' });
    await scf.DeleteTrigger({ FunctionName: 'legacy-reset', Type: 'apigw', TriggerName: 'legacy-api' });
    expect((await list()).map((t) => t.TriggerName)).toEqual(['every-5-min']);
  });

  it('refuses a new API Gateway trigger (none can be created since 2024-07-01)', async () => {
    await expect(trigger({ Type: 'apigw', TriggerName: 'api', TriggerDesc: '{}' })).rejects.toMatchObject({ code: 'UnsupportedOperation.Trigger' });
  });

  it('an http trigger is a function URL: https://<appid>-<urlid>.<region>.tencentscf.com in TriggerDesc.NetConfig.ExtranetUrl', async () => {
    const desc = JSON.stringify({ AuthType: 'NONE', NetConfig: { EnableIntranet: false, EnableExtranet: true } });
    const answer = await trigger({ Type: 'http', TriggerName: 'url-trigger', Qualifier: '$DEFAULT', TriggerDesc: desc, Enable: 'OPEN' });
    expect(answer.TriggerInfo).toMatchObject({ Type: 'http', TriggerName: 'url-trigger', Enable: 1, Qualifier: '$DEFAULT' });
    const readBack = JSON.parse(answer.TriggerInfo?.TriggerDesc ?? '');
    expect(readBack).toEqual({
      AuthType: 'NONE',
      NetConfig: { EnableIntranet: false, EnableExtranet: true, ExtranetUrl: expect.stringMatching(FUNCTION_URL) },
    });
    expect(started.emulator.state.functions[0]?.triggers.find((t) => t.type === 'http')?.url).toBe(readBack.NetConfig.ExtranetUrl);
    expect((await list()).find((t) => t.Type === 'http')?.TriggerDesc).toBe(answer.TriggerInfo?.TriggerDesc);
    // One URL per version or alias.
    await expect(trigger({ Type: 'http', TriggerName: 'url-2', Qualifier: '$DEFAULT', TriggerDesc: desc })).rejects.toMatchObject({
      code: 'ResourceInUse.Trigger',
    });
    const both = JSON.stringify({ AuthType: 'CAM', NetConfig: { EnableIntranet: true, EnableExtranet: true } });
    const latest = JSON.parse((await trigger({ Type: 'http', TriggerName: 'url-latest', TriggerDesc: both })).TriggerInfo?.TriggerDesc ?? '');
    expect(latest.NetConfig.IntranetUrl).toMatch(/^https:\/\/1250000000-[a-z0-9]{10}\.in\.ap-guangzhou\.tencentscf\.com$/);
  });

  it('a timer takes a 7-field cron (or the legacy 5) and reads back as {"cron": …}', async () => {
    const answer = await trigger({ Type: 'timer', TriggerName: 'hourly', TriggerDesc: '0 0 */1 * * * *', CustomArgument: '{"mode":"sweep"}', Enable: 'CLOSE' });
    expect(answer.TriggerInfo).toMatchObject({
      TriggerDesc: '{"cron":"0 0 */1 * * * *"}',
      CustomArgument: '{"mode":"sweep"}',
      Enable: 0,
      Qualifier: '$LATEST',
    });
    await trigger({ Type: 'timer', TriggerName: 'legacy-form', TriggerDesc: '*/5 * * * *' });
  });

  it.each([
    ['a 6-field cron', 'InvalidParameterValue.TriggerDesc', { Type: 'timer', TriggerName: 't', TriggerDesc: '0 */5 * * * *' }],
    ['minute 60', 'InvalidParameterValue.TriggerDesc', { Type: 'timer', TriggerName: 't', TriggerDesc: '0 60 * * * * *' }],
    ['a timer without TriggerDesc', 'InvalidParameterValue.TriggerDesc', { Type: 'timer', TriggerName: 't' }],
    [
      'a ckafka trigger without timeOut',
      'InvalidParameterValue.TriggerDesc',
      { Type: 'ckafka', TriggerName: 'k', TriggerDesc: JSON.stringify({ ...CKAFKA, timeOut: undefined }) },
    ],
    [
      'an http trigger with AuthType KEY',
      'InvalidParameterValue.TriggerDesc',
      { Type: 'http', TriggerName: 'u', TriggerDesc: '{"AuthType":"KEY","NetConfig":{}}' },
    ],
    [
      'CustomArgument on ckafka',
      'InvalidParameterValue.CustomArgument',
      { Type: 'ckafka', TriggerName: 'k', TriggerDesc: JSON.stringify(CKAFKA), CustomArgument: 'x' },
    ],
    ['a name with a dot', 'InvalidParameterValue.TriggerName', { Type: 'timer', TriggerName: 'a.b', TriggerDesc: '0 * * * * * *' }],
    ['an existing name', 'ResourceInUse.Trigger', { Type: 'timer', TriggerName: 'every-5-min', TriggerDesc: '0 * * * * * *' }],
    ['Enable yes', 'InvalidParameterValue.Enable', { Type: 'timer', TriggerName: 't', TriggerDesc: '0 * * * * * *', Enable: 'yes' }],
    ['an unknown type', 'InvalidParameterValue.Type', { Type: 'webhook', TriggerName: 't', TriggerDesc: '{}' }],
  ] as const)('CreateTrigger refuses %s with %s', async (_name, code, request) => {
    await expect(trigger(request)).rejects.toMatchObject({ code });
  });

  it('at most 10 triggers of one type', async () => {
    for (let i = 0; i < 9; i += 1) await trigger({ Type: 'timer', TriggerName: `t${i}`, TriggerDesc: '0 * * * * * *' });
    await expect(trigger({ Type: 'timer', TriggerName: 't9', TriggerDesc: '0 * * * * * *' })).rejects.toMatchObject({ code: 'LimitExceeded.Trigger' });
  });

  it('UpdateTrigger changes a timer and a CKafka trigger (maxMsgNum, retry, timeOut only), not an http one', async () => {
    await scf.UpdateTrigger({ FunctionName: 'legacy-reset', Type: 'timer', TriggerName: 'every-5-min', TriggerDesc: '0 0 3 * * * *', Enable: 'CLOSE' });
    expect((await list()).find((t) => t.TriggerName === 'every-5-min')).toMatchObject({ TriggerDesc: '{"cron":"0 0 3 * * * *"}', Enable: 0 });
    await trigger({ Type: 'ckafka', TriggerName: 'ckafka-abc-alarms', TriggerDesc: JSON.stringify(CKAFKA), Qualifier: '$DEFAULT' });
    await scf.UpdateTrigger({ FunctionName: 'legacy-reset', Type: 'ckafka', TriggerName: 'ckafka-abc-alarms', TriggerDesc: '{"maxMsgNum":10}' });
    const desc = JSON.parse((await list()).find((t) => t.Type === 'ckafka')?.TriggerDesc ?? '');
    expect(desc).toEqual({ ...CKAFKA, maxMsgNum: 10 });
    await expect(
      scf.UpdateTrigger({ FunctionName: 'legacy-reset', Type: 'ckafka', TriggerName: 'ckafka-abc-alarms', TriggerDesc: '{"offset":"earliest"}' }),
    ).rejects.toMatchObject({ code: 'InvalidParameterValue.TriggerDesc' });
    await expect(scf.UpdateTrigger({ FunctionName: 'legacy-reset', Type: 'http', TriggerName: 'u', Enable: 'OPEN' })).rejects.toMatchObject({
      code: 'UnsupportedOperation.Trigger',
    });
    await expect(scf.UpdateTrigger({ FunctionName: 'legacy-reset', Type: 'timer', TriggerName: 'nope', Enable: 'OPEN' })).rejects.toMatchObject({
      code: 'ResourceNotFound.Trigger',
    });
  });

  it('DeleteTrigger of an unknown trigger answers ResourceNotFound.Trigger; ListTriggers filters and refuses bad sort keys', async () => {
    await expect(scf.DeleteTrigger({ FunctionName: 'legacy-reset', Type: 'timer', TriggerName: 'legacy-api' })).rejects.toMatchObject({
      code: 'ResourceNotFound.Trigger',
    });
    const byName = await scf.ListTriggers({ FunctionName: 'legacy-reset', Filters: [{ Name: 'TriggerName', Values: ['legacy-api'] }] });
    expect({ total: byName.TotalCount, names: byName.Triggers?.map((t) => t.TriggerName) }).toEqual({ total: 1, names: ['legacy-api'] });
    await expect(scf.ListTriggers({ FunctionName: 'legacy-reset', OrderBy: 'name' })).rejects.toMatchObject({ code: 'InvalidParameterValue.OrderBy' });
  });

  it('refuses trigger changes while the function is Creating', async () => {
    await scf.CreateFunction({ FunctionName: 'fresh', Code: { ZipFile: zipFile() }, Runtime: 'Nodejs18.15', Handler: 'index.main_handler' });
    const timer = { FunctionName: 'fresh', Type: 'timer', TriggerName: 't', TriggerDesc: '0 * * * * * *' };
    await expect(scf.CreateTrigger(timer)).rejects.toMatchObject({ code: 'FailedOperation.CreateTrigger' });
    started.emulator.advanceClock(SETTLE_MS);
    await expect(scf.CreateTrigger(timer)).resolves.toMatchObject({ TriggerInfo: { TriggerName: 't' } });
  });
});
