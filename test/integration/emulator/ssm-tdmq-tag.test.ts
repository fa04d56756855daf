import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client';
import { Client as TagClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client';
import { Client as TdmqClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';

describe('SSM, TDMQ and Tag on the emulator (real SDK)', () => {
  let started: StartedEmulator;
  let ssm: SsmClient;
  let tdmq: TdmqClient;
  let tag: TagClient;
  let ecm: EcmClient;

  beforeAll(async () => {
    started = await startEmulator({
      secrets: [
        { name: 'plain', versions: { SSM_Current: 'hello', v2: 'world' } },
        { name: 'binary', versions: { v1: { binary: 'AAEC' } } },
        { name: 'off', versions: { v1: 'x' }, status: 'Disabled' },
      ],
      topics: ['ecm-reset-results', { name: 'tiny', maxMsgSize: 1024 }],
    });
    ssm = new SsmClient(started.clientConfig);
    tdmq = new TdmqClient(started.clientConfig);
    tag = new TagClient(started.clientConfig);
    ecm = new EcmClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reseed(started.emulator.store.seed));

  describe('SSM GetSecretValue', () => {
    it('returns a SecretString version', async () => {
      await expect(ssm.GetSecretValue({ SecretName: 'plain', VersionId: 'v2' })).resolves.toMatchObject({
        SecretName: 'plain',
        VersionId: 'v2',
        SecretString: 'world',
        SecretBinary: '',
      });
    });

    it('returns a SecretBinary version as base64', async () => {
      await expect(ssm.GetSecretValue({ SecretName: 'binary', VersionId: 'v1' })).resolves.toMatchObject({ SecretBinary: 'AAEC', SecretString: '' });
    });

    it.each([
      ['an unknown secret', 'nope', 'v1', 'ResourceNotFound.SecretNotExist'],
      ['an unknown version', 'plain', 'v9', 'ResourceNotFound'],
      ['a disabled secret', 'off', 'v1', 'ResourceUnavailable.ResourceDisabled'],
    ])('answers %s with %s', async (_name, SecretName, VersionId, code) => {
      await expect(ssm.GetSecretValue({ SecretName, VersionId })).rejects.toMatchObject({ code });
    });

    it('requires VersionId and a region', async () => {
      await expect(ssm.GetSecretValue({ SecretName: 'plain' } as never)).rejects.toMatchObject({ code: 'MissingParameter' });
      const noRegion = new SsmClient({ credential: started.credential, profile: started.profile });
      await expect(noRegion.GetSecretValue({ SecretName: 'plain', VersionId: 'v2' })).rejects.toMatchObject({ code: 'MissingParameter' });
    });

    it('never shows secret values in the admin state', () => {
      expect(JSON.stringify(started.emulator.state)).not.toContain('world');
      expect(started.emulator.state.secrets.find((s) => s.name === 'plain')?.versions).toEqual({ SSM_Current: 'REDACTED', v2: 'REDACTED' });
    });
  });

  describe('TDMQ PublishCmqMsg', () => {
    it('stores the message and answers Result and MsgId', async () => {
      const answer = await tdmq.PublishCmqMsg({ TopicName: 'ecm-reset-results', MsgContent: '{"type":"reset.accepted"}', MsgTag: ['reset.accepted'] });
      expect(answer).toMatchObject({ Result: true, MsgId: expect.stringMatching(/^[0-9A-F]{30}$/) });
      expect(started.emulator.messages).toEqual([
        expect.objectContaining({ topic: 'ecm-reset-results', msgId: answer.MsgId, tags: ['reset.accepted'], content: '{"type":"reset.accepted"}' }),
      ]);
    });

    it.each([
      ['an unknown topic', { TopicName: 'nope', MsgContent: 'x' }, 'ResourceNotFound'],
      ['an empty message', { TopicName: 'ecm-reset-results', MsgContent: '' }, 'InvalidParameterValue'],
      ['a message over maxMsgSize', { TopicName: 'tiny', MsgContent: 'x'.repeat(1025) }, 'InvalidParameterValue'],
      ['six tags', { TopicName: 'tiny', MsgContent: 'x', MsgTag: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'InvalidParameterValue'],
      ['a 65-character tag', { TopicName: 'tiny', MsgContent: 'x', MsgTag: ['t'.repeat(65)] }, 'InvalidParameterValue'],
    ])('answers %s with %s', async (_name, request, code) => {
      await expect(tdmq.PublishCmqMsg(request)).rejects.toMatchObject({ code });
      expect(started.emulator.messages).toEqual([]);
    });
  });

  describe('Tag', () => {
    // The seed's tagResourceForm defaults to CAM's form: no region segment (CAM doc 598/57117).
    const resource = (id: string, uin = '100012345678'): string => `qcs::ecm::uin/${uin}:instance/${id}`;
    const tagsOf = async (id: string): Promise<Record<string, string>> => {
      const [instance] = (await ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: [id] }] })).InstanceSet ?? [];
      return Object.fromEntries((instance?.TagSet ?? []).map((t) => [t.Key, t.Value]));
    };

    it('TagResources adds and overwrites tags visible in DescribeInstances', async () => {
      const answer = await tag.TagResources({
        ResourceList: [resource('ein-aaaaaaaa'), resource('ein-bbbbbbbb')],
        Tags: [
          { TagKey: 'ecm-reset:last', TagValue: '2025-01-01T00:00:00Z' },
          { TagKey: 'env', TagValue: 'qa' },
        ],
      });
      expect(answer.FailedResources).toEqual([]);
      expect(await tagsOf('ein-aaaaaaaa')).toEqual({ role: 'web', env: 'qa', fleet: 'nightly', 'ecm-reset:last': '2025-01-01T00:00:00Z' });
      expect(await tagsOf('ein-bbbbbbbb')).toMatchObject({ 'ecm-reset:last': '2025-01-01T00:00:00Z' });
    });

    it('TagResources reports an unknown instance in FailedResources and tags the others', async () => {
      const answer = await tag.TagResources({ ResourceList: [resource('ein-nothere1'), resource('ein-web00003')], Tags: [{ TagKey: 'k', TagValue: 'v' }] });
      expect(answer.FailedResources).toEqual([
        { Resource: resource('ein-nothere1'), Code: 'InvalidParameterValue.ResourceIdInvalid', Message: expect.any(String) },
      ]);
      expect(await tagsOf('ein-web00003')).toMatchObject({ k: 'v' });
    });

    it('UnTagResources removes keys (absent keys are fine)', async () => {
      await tag.UnTagResources({ ResourceList: [resource('ein-aaaaaaaa')], TagKeys: ['fleet', 'never-there'] });
      expect(await tagsOf('ein-aaaaaaaa')).toEqual({ role: 'web', env: 'prod' });
    });

    it('ModifyResourceTags replaces and deletes in one step', async () => {
      await tag.ModifyResourceTags({ Resource: resource('ein-db000001'), ReplaceTags: [{ TagKey: 'count', TagValue: '2' }], DeleteTags: [{ TagKey: 'env' }] });
      expect(await tagsOf('ein-db000001')).toEqual({ role: 'db', count: '2' });
    });

    it('enforces the 50-tags-per-resource limit', async () => {
      const many = Array.from({ length: 47 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
      for (let i = 0; i < many.length; i += 10) {
        await tag.TagResources({ ResourceList: [resource('ein-aaaaaaaa')], Tags: many.slice(i, i + 10) });
      }
      await expect(tag.ModifyResourceTags({ Resource: resource('ein-aaaaaaaa'), ReplaceTags: [{ TagKey: 'one-more', TagValue: 'v' }] })).rejects.toMatchObject({
        code: 'LimitExceeded.ResourceAttachedTags',
      });
      const answer = await tag.TagResources({ ResourceList: [resource('ein-aaaaaaaa')], Tags: [{ TagKey: 'one-more', TagValue: 'v' }] });
      expect(answer.FailedResources?.[0]?.Code).toBe('LimitExceeded.ResourceAttachedTags');
      expect(Object.keys(await tagsOf('ein-aaaaaaaa'))).toHaveLength(50);
    });

    it.each([
      ['a 128-character key', { TagKey: 'k'.repeat(128), TagValue: 'v' }, 'InvalidParameterValue.TagKeyLengthExceeded'],
      ['a 256-character value', { TagKey: 'k', TagValue: 'v'.repeat(256) }, 'InvalidParameterValue.TagValueLengthExceeded'],
      ['an empty key', { TagKey: '', TagValue: 'v' }, 'InvalidParameterValue.TagKeyEmpty'],
      ['a reserved key', { TagKey: 'qcloud:x', TagValue: 'v' }, 'InvalidParameterValue.ReservedTagKey'],
      ['a key with quotes', { TagKey: '"k"', TagValue: 'v' }, 'InvalidParameterValue.TagKeyCharacterIllegal'],
      ['a JSON value', { TagKey: 'k', TagValue: '{"a":1}' }, 'InvalidParameterValue.TagValueCharacterIllegal'],
    ])('rejects %s with %s', async (_name, t, code) => {
      await expect(tag.TagResources({ ResourceList: [resource('ein-aaaaaaaa')], Tags: [t] })).rejects.toMatchObject({ code });
    });

    it.each([
      ['a five-segment name', 'qcs::ecm:ap-guangzhou:instance/ein-aaaaaaaa', 'InvalidParameterValue.ResourceDescriptionError'],
      [
        'the regional form on a cam-form account',
        'qcs::ecm:ap-guangzhou:uin/100012345678:instance/ein-aaaaaaaa',
        'InvalidParameterValue.ResourceDescriptionError',
      ],
      ['another service', 'qcs::cvm::uin/100012345678:instance/ein-aaaaaaaa', 'InvalidParameterValue.ServiceTypeInvalid'],
      ['another account', resource('ein-aaaaaaaa', '999'), 'InvalidParameterValue.UinInvalid'],
    ])('rejects %s', async (_name, Resource, code) => {
      await expect(tag.ModifyResourceTags({ Resource, ReplaceTags: [{ TagKey: 'k', TagValue: 'v' }] })).rejects.toMatchObject({ code });
    });

    it('rejects a key in both ReplaceTags and DeleteTags', async () => {
      await expect(
        tag.ModifyResourceTags({ Resource: resource('ein-aaaaaaaa'), ReplaceTags: [{ TagKey: 'k', TagValue: 'v' }], DeleteTags: [{ TagKey: 'k' }] }),
      ).rejects.toMatchObject({ code: 'InvalidParameterValue.DeleteTagsParamError' });
    });

    it('GetResources lists the instances bound to every filter (values are alternatives), with all their tags, page by page', async () => {
      await tag.TagResources({ ResourceList: [resource('ein-aaaaaaaa'), resource('ein-bbbbbbbb')], Tags: [{ TagKey: 'bucket', TagValue: '10' }] });
      await tag.TagResources({ ResourceList: [resource('ein-web00003')], Tags: [{ TagKey: 'bucket', TagValue: '11' }] });
      await tag.TagResources({ ResourceList: [resource('ein-db000001')], Tags: [{ TagKey: 'bucket', TagValue: '9' }] });
      const ids = (r: { ResourceTagMappingList?: { Resource?: string }[] }) => (r.ResourceTagMappingList ?? []).map((m) => m.Resource?.split('/').pop());

      const both = await tag.GetResources({ TagFilters: [{ TagKey: 'bucket', TagValue: ['10', '11'] }] });
      expect(ids(both)).toEqual(['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-web00003']);
      expect(both.PaginationToken).toBe('');
      const first = both.ResourceTagMappingList?.[0];
      expect(first?.Resource).toBe(resource('ein-aaaaaaaa'));
      expect(first?.Tags).toContainEqual({ TagKey: 'bucket', TagValue: '10' });
      expect(first?.Tags).toContainEqual({ TagKey: 'role', TagValue: 'web' });

      // Every filter must hold: any bucket value, and role db.
      const anyValue = await tag.GetResources({ TagFilters: [{ TagKey: 'bucket' }, { TagKey: 'role', TagValue: ['db'] }] });
      expect(ids(anyValue)).toEqual(['ein-db000001']);

      const page1 = await tag.GetResources({ TagFilters: [{ TagKey: 'bucket' }], MaxResults: 3 });
      expect(ids(page1)).toHaveLength(3);
      expect(page1.PaginationToken).not.toBe('');
      const page2 = await tag.GetResources({ TagFilters: [{ TagKey: 'bucket' }], MaxResults: 3, PaginationToken: page1.PaginationToken ?? '' });
      expect([...ids(page1), ...ids(page2)].sort()).toEqual(['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-db000001', 'ein-web00003']);
      expect(page2.PaginationToken).toBe('');
    });

    it.each([
      ['more than 200 a page', { TagFilters: [{ TagKey: 'bucket' }], MaxResults: 201 }, 'InvalidParameterValue'],
      ['more than 6 filters', { TagFilters: Array.from({ length: 7 }, (_, i) => ({ TagKey: `k${i}` })) }, 'InvalidParameter.Tag'],
      [
        'more than 10 values in a filter',
        { TagFilters: [{ TagKey: 'bucket', TagValue: Array.from({ length: 11 }, (_, i) => String(i)) }] },
        'InvalidParameter.Tag',
      ],
      ['a token it never returned', { TagFilters: [{ TagKey: 'bucket' }], PaginationToken: 'next-please' }, 'InvalidParameterValue'],
    ])('GetResources refuses %s', async (_name, request, code) => {
      await expect(tag.GetResources(request)).rejects.toMatchObject({ code });
    });

    it('answers AuthFailure.UnauthorizedOperation to credentials denied tag writes', async () => {
      const readOnly = new TagClient({
        credential: { secretId: 'AKIDREAD1234567890ABCDEFGHIJKLMNOPQR', secretKey: 'ReadSecretKeyReadSecretKey123456' },
        profile: started.profile,
      });
      await expect(readOnly.TagResources({ ResourceList: [resource('ein-aaaaaaaa')], Tags: [{ TagKey: 'k', TagValue: 'v' }] })).rejects.toMatchObject({
        code: 'AuthFailure.UnauthorizedOperation',
      });
    });
  });
});

describe('Tag on an emulated account that takes the regional resource form (seed tagResourceForm: regional)', () => {
  let started: StartedEmulator;
  let tag: TagClient;
  const regional = (id: string): string => `qcs::ecm:ap-guangzhou:uin/100012345678:instance/${id}`;
  const cam = (id: string): string => `qcs::ecm::uin/100012345678:instance/${id}`;

  beforeAll(async () => {
    started = await startEmulator({ tagResourceForm: 'regional' });
    tag = new TagClient(started.clientConfig);
  });
  afterAll(() => started.close());

  it('tags and lists instances named with a region segment', async () => {
    const answer = await tag.TagResources({ ResourceList: [regional('ein-aaaaaaaa')], Tags: [{ TagKey: 'ecm-reset:probe', TagValue: 'x' }] });
    expect(answer.FailedResources).toEqual([]);
    const listed = await tag.GetResources({ TagFilters: [{ TagKey: 'ecm-reset:probe' }] });
    expect(listed.ResourceTagMappingList?.map((m) => m.Resource)).toEqual([regional('ein-aaaaaaaa')]);
    await tag.UnTagResources({ ResourceList: [regional('ein-aaaaaaaa')], TagKeys: ['ecm-reset:probe'] });
  });

  it("refuses CAM's form (no region segment) as an invalid resource, changing nothing", async () => {
    await expect(tag.TagResources({ ResourceList: [cam('ein-aaaaaaaa')], Tags: [{ TagKey: 'k', TagValue: 'v' }] })).rejects.toMatchObject({
      code: 'InvalidParameterValue.ResourceDescriptionError',
    });
    expect((await tag.GetResources({ TagFilters: [{ TagKey: 'k' }] })).ResourceTagMappingList).toEqual([]);
  });
});
