import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import type { ResetInstancesRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';

const PASSWORD = 'Demo-Reset#2024x';

describe('ECM on the emulator (real SDK)', () => {
  let clock = Date.parse('2025-01-01T00:00:00Z');
  let started: StartedEmulator;
  let ecm: EcmClient;

  beforeAll(async () => {
    started = await startEmulator({}, { now: () => clock });
    ecm = new EcmClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => {
    // A fresh demo fleet per test, so resets in one test do not leak into the next.
    started.emulator.reseed(started.emulator.store.seed);
  });

  describe('DescribeInstances', () => {
    it('lists the fleet in a stable order with the real field names', async () => {
      const answer = await ecm.DescribeInstances({});
      expect(answer.TotalCount).toBe(9);
      expect(answer.InstanceSet?.map((i) => i.InstanceId)).toEqual([
        'ein-aaaaaaaa',
        'ein-bbbbbbbb',
        'ein-web00003',
        'ein-db000001',
        'ein-db000002',
        'ein-win00001',
        'ein-legacy01',
        'ein-flaky001',
        'ein-busy0001',
      ]);
      expect(answer.InstanceSet?.[0]).toMatchObject({
        InstanceId: 'ein-aaaaaaaa',
        InstanceName: 'web-1',
        InstanceState: 'RUNNING',
        UUID: '4ef19d31-3117-455c-ae8e-2029a07d8999',
        Image: { ImageId: 'img-aaaaaaaa', OsType: 'linux', Architecture: 'x86_64', ImageType: 'PUBLIC_IMAGE' },
        TagSet: [
          { Key: 'role', Value: 'web' },
          { Key: 'env', Value: 'prod' },
          { Key: 'fleet', Value: 'nightly' },
        ],
        LatestOperation: null,
        LatestOperationState: null,
        CreateTime: '2024-01-01 00:00:00',
      });
      expect(typeof answer.RequestId).toBe('string');
    });

    it('filters by instance-uuid, instance-id, instance-state, tag-key and tag:KEY', async () => {
      const ids = async (Filters: { Name: string; Values: string[] }[]): Promise<string[]> =>
        ((await ecm.DescribeInstances({ Filters })).InstanceSet ?? []).map((i) => i.InstanceId ?? '');
      expect(await ids([{ Name: 'instance-uuid', Values: ['4ef19d31-3117-455c-ae8e-2029a07d8999'] }])).toEqual(['ein-aaaaaaaa']);
      expect(await ids([{ Name: 'instance-id', Values: ['ein-db000001', 'ein-db000002', 'ein-nothere1'] }])).toEqual(['ein-db000001', 'ein-db000002']);
      expect(await ids([{ Name: 'instance-state', Values: ['STOPPED'] }])).toEqual(['ein-db000002']);
      expect(
        await ids([
          { Name: 'tag:fleet', Values: ['nightly'] },
          { Name: 'tag:env', Values: ['prod'] },
        ]),
      ).toEqual(['ein-aaaaaaaa', 'ein-bbbbbbbb']);
      expect(await ids([{ Name: 'tag-key', Values: ['fleet'] }])).toHaveLength(4);
    });

    it('pages with Offset and Limit and keeps TotalCount', async () => {
      const page = await ecm.DescribeInstances({ Offset: 2, Limit: 3 });
      expect(page.TotalCount).toBe(9);
      expect(page.InstanceSet?.map((i) => i.InstanceId)).toEqual(['ein-web00003', 'ein-db000001', 'ein-db000002']);
    });

    it('refuses more than 5 filter values and a Limit above 100', async () => {
      const six = ['a', 'b', 'c', 'd', 'e', 'f'];
      await expect(ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: six }] })).rejects.toMatchObject({
        code: 'InvalidParameterValue.ParameterValueTooLarge',
      });
      await expect(ecm.DescribeInstances({ Limit: 101 })).rejects.toMatchObject({ code: 'InvalidParameterValue.ParameterValueTooLarge' });
    });
  });

  describe('ResetInstances', () => {
    const reset = (request: Partial<ResetInstancesRequest>): Promise<unknown> =>
      ecm.ResetInstances({ InstanceIdSet: ['ein-aaaaaaaa'], ...request } as ResetInstancesRequest);

    it('runs for resetDurationMs and ends RUNNING on the new image (clock moved, no sleeping)', async () => {
      const answer = await ecm.ResetInstances({
        InstanceIdSet: ['ein-aaaaaaaa', 'ein-bbbbbbbb'],
        ImageId: 'img-cccccccc',
        Password: PASSWORD,
        KeepData: 'false',
      });
      expect(typeof answer.RequestId).toBe('string');
      const during = await ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: ['ein-aaaaaaaa'] }] });
      expect(during.InstanceSet?.[0]).toMatchObject({ LatestOperation: 'ResetInstances', LatestOperationState: 'OPERATING', InstanceState: 'REBOOTING' });
      expect(during.InstanceSet?.[0]?.Image?.ImageId).toBe('img-aaaaaaaa');
      await expect(reset({})).rejects.toMatchObject({ code: 'OperationDenied.InstanceOperationInProgress' });

      clock += 2999;
      expect(started.emulator.state.instances[0]?.LatestOperationState).toBe('OPERATING');
      clock += 1;
      const after = await ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: ['ein-aaaaaaaa', 'ein-bbbbbbbb'] }] });
      for (const instance of after.InstanceSet ?? []) {
        expect(instance).toMatchObject({ InstanceState: 'RUNNING', LatestOperation: 'ResetInstances', LatestOperationState: 'SUCCESS' });
        expect(instance.Image?.ImageId).toBe('img-cccccccc');
      }
      // Resettable again once done.
      await expect(reset({})).resolves.toBeDefined();
    });

    it('keeps the current image when ImageId is left out, and ends FAILED per resetOutcome', async () => {
      await ecm.ResetInstances({ InstanceIdSet: ['ein-flaky001'] });
      clock += 3000;
      const [flaky] = (await ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: ['ein-flaky001'] }] })).InstanceSet ?? [];
      expect(flaky).toMatchObject({ InstanceState: 'RUNNING', LatestOperationState: 'FAILED', Image: { ImageId: 'img-aaaaaaaa' } });
    });

    it('changes nothing when one instance of the batch is bad', async () => {
      await expect(reset({ InstanceIdSet: ['ein-aaaaaaaa', 'ein-nothere1'] })).rejects.toMatchObject({ code: 'ResourceNotFound.InstanceNotExist' });
      expect(started.emulator.state.instances[0]?.LatestOperationState).toBeNull();
    });

    const cases: [string, Partial<ResetInstancesRequest>, string][] = [
      [
        'more than 100 ids',
        { InstanceIdSet: Array.from({ length: 101 }, (_, i) => `ein-${String(i).padStart(8, '0')}`) },
        'InvalidParameterValue.ParameterValueTooLarge',
      ],
      ['a malformed id', { InstanceIdSet: ['ein-ABC'] }, 'InvalidParameterValue.InvalidInstanceID'],
      ['an unknown instance', { InstanceIdSet: ['ein-zzzzzzzz'] }, 'ResourceNotFound.InstanceNotExist'],
      ['a malformed image id', { ImageId: 'img-X' }, 'InvalidParameterValue.InvalidImageID'],
      ['an unknown image', { ImageId: 'img-zzzzzzzz' }, 'InvalidParameterValue.InvalidImageID'],
      ['a 32-bit image on 4 GB or more', { InstanceIdSet: ['ein-flaky001'], ImageId: 'img-pub32cen' }, 'InvalidParameterValue.InvalidImageArchitecture'],
      ['KeepImageLogin with a Password', { ImageId: 'img-cccccccc', KeepImageLogin: 'TRUE', Password: PASSWORD }, 'InvalidParameter.ParameterConflict'],
      ['KeepImageLogin on a public image', { KeepImageLogin: 'TRUE' }, 'FailedOperation.OperationNotAllow'],
      ['a weak linux password', { Password: 'password' }, 'InvalidParameterValue.InvaildPassword'],
      [
        'a linux-only password for a windows instance',
        { InstanceIdSet: ['ein-aaaaaaaa', 'ein-win00001'], Password: 'abc12345' },
        'InvalidParameterValue.InvaildPassword',
      ],
      [
        'a linux-only password for a linux instance reinstalled with windows',
        { InstanceIdSet: ['ein-aaaaaaaa'], ImageId: 'img-pubwin01', Password: 'abc12345' },
        'InvalidParameterValue.InvaildPassword',
      ],
      ['KeepData that is not "true"/"false"', { KeepData: 'yes' }, 'InvalidParameter.InvalidDataFormat'],
      ['KeepImageLogin that is not TRUE/FALSE', { KeepImageLogin: 'true' }, 'InvalidParameter.InvalidDataFormat'],
      ['InstanceIdSet that is not an array', { InstanceIdSet: 'ein-aaaaaaaa' as unknown as string[] }, 'InvalidParameter.InvalidDataFormat'],
      ['InstanceIdSet with a number', { InstanceIdSet: [42 as unknown as string] }, 'InvalidParameter.InvalidDataFormat'],
      ['an instance already operating', { InstanceIdSet: ['ein-busy0001'] }, 'OperationDenied.InstanceOperationInProgress'],
      ['a misspelled parameter', { Pasword: PASSWORD } as Partial<ResetInstancesRequest>, 'UnknownParameter'],
    ];
    it.each(cases)('answers %s with the documented code', async (_name, request, code) => {
      await expect(reset(request)).rejects.toMatchObject({ code });
      expect(started.emulator.state.pendingResets).toEqual([]);
    });

    it('accepts KeepImageLogin on custom, shared and imported images, and a 32-bit image on a small instance', async () => {
      await expect(reset({ InstanceIdSet: ['ein-bbbbbbbb'], KeepImageLogin: 'TRUE' })).resolves.toBeDefined();
      await expect(reset({ InstanceIdSet: ['ein-db000001'], KeepImageLogin: 'TRUE' })).resolves.toBeDefined();
      await expect(reset({ InstanceIdSet: ['ein-db000002'], KeepImageLogin: 'TRUE' })).resolves.toBeDefined();
      await expect(reset({ InstanceIdSet: ['ein-web00003'], ImageId: 'img-pub32cen' })).resolves.toBeDefined();
    });

    it('checks the password against the new image: a windows instance reinstalled with linux takes a linux password', async () => {
      await expect(reset({ InstanceIdSet: ['ein-win00001'], ImageId: 'img-aaaaaaaa', Password: 'abc12345' })).resolves.toBeDefined();
    });

    it('answers UnauthorizedOperation.ForbiddenOperation to credentials that deny ResetInstances', async () => {
      const readOnly = new EcmClient({
        credential: { secretId: 'AKIDREAD1234567890ABCDEFGHIJKLMNOPQR', secretKey: 'ReadSecretKeyReadSecretKey123456' },
        profile: started.profile,
      });
      await expect(readOnly.ResetInstances({ InstanceIdSet: ['ein-aaaaaaaa'] })).rejects.toMatchObject({
        code: 'UnauthorizedOperation.ForbiddenOperation',
        requestId: expect.any(String),
      });
      await expect(readOnly.DescribeInstances({})).resolves.toMatchObject({ TotalCount: 9 });
    });

    it('works with temporary credentials and their token', async () => {
      const temporary = new EcmClient({
        credential: {
          secretId: 'AKIDTEMP1234567890ABCDEFGHIJKLMNOPQR',
          secretKey: 'TempSecretKeyTempSecretKey123456',
          token: 'demo-session-token-0123456789abcdef',
        },
        profile: started.profile,
      });
      await expect(temporary.ResetInstances({ InstanceIdSet: ['ein-web00003'], Password: PASSWORD })).resolves.toBeDefined();
    });

    it('logs the call with the password redacted', async () => {
      await ecm.ResetInstances({ InstanceIdSet: ['ein-web00003'], Password: PASSWORD });
      const call = started.emulator.calls.at(-1);
      expect(call).toMatchObject({ service: 'ecm', action: 'ResetInstances', params: { Password: '***REDACTED***' }, error: null, httpStatus: 200 });
      expect(JSON.stringify(started.emulator.calls)).not.toContain(PASSWORD);
    });
  });
  describe('DescribeImage', () => {
    it('finds an image by id with its OS as a distribution name (DescribeInstances says the family), and nothing for an unknown id', async () => {
      const r = await ecm.DescribeImage({ Filters: [{ Name: 'image-id', Values: ['img-pubwin01'] }] });
      expect(r.TotalCount).toBe(1);
      const [win] = (await ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: ['ein-win00001'] }] })).InstanceSet ?? [];
      expect(win?.Image?.OsType).toBe('windows');
      expect(r.ImageSet?.[0]).toMatchObject({
        ImageId: 'img-pubwin01',
        OsType: 'Windows Server 2019',
        Platform: 'Windows',
        ImageType: 'PUBLIC_IMAGE',
        Architecture: 'x86_64',
      });
      expect(await ecm.DescribeImage({ Filters: [{ Name: 'image-id', Values: ['img-zzzzzzzz'] }] })).toMatchObject({ TotalCount: 0, ImageSet: [] });
    });

    it('filters by image-type and image-os, pages with Offset and Limit', async () => {
      const privateImages = await ecm.DescribeImage({ Filters: [{ Name: 'image-type', Values: ['PRIVATE_IMAGE'] }] });
      expect(privateImages.ImageSet?.map((i) => i.ImageId).sort()).toEqual(['img-cccccccc', 'img-impt0001']);
      const centos = await ecm.DescribeImage({ Filters: [{ Name: 'image-os', Values: ['centos'] }], Limit: 1, Offset: 1 });
      expect(centos.TotalCount).toBe(2);
      expect(centos.ImageSet).toHaveLength(1);
    });

    it('refuses an unknown filter, more than 10 filters and a Limit above 100', async () => {
      await expect(ecm.DescribeImage({ Filters: [{ Name: 'image-colour', Values: ['blue'] }] })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
      const eleven = Array.from({ length: 11 }, () => ({ Name: 'image-id', Values: ['img-aaaaaaaa'] }));
      await expect(ecm.DescribeImage({ Filters: eleven })).rejects.toMatchObject({ code: 'InvalidParameterValue.ParameterValueTooLarge' });
      await expect(ecm.DescribeImage({ Limit: 101 })).rejects.toMatchObject({ code: 'InvalidParameterValue.ParameterValueTooLarge' });
    });
  });
});
