import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client';
import { Client as TdmqClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';

const READ_ONLY = { secretId: 'AKIDREAD1234567890ABCDEFGHIJKLMNOPQR', secretKey: 'ReadSecretKeyReadSecretKey123456' };

describe('SSM CreateSecret and TDMQ CreateCmqTopic on the emulator (real SDK)', () => {
  let started: StartedEmulator;
  let ssm: SsmClient;
  let tdmq: TdmqClient;

  beforeAll(async () => {
    started = await startEmulator({ rateLimitPerSecond: 1000, secrets: [{ name: 'seeded', versions: { SSM_Current: 'old' } }] });
    ssm = new SsmClient(started.clientConfig);
    tdmq = new TdmqClient(started.clientConfig);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reset());

  describe('SSM', () => {
    it('CreateSecret makes a secret GetSecretValue reads (SSM_Current by default) and DescribeSecret describes', async () => {
      const created = await ssm.CreateSecret({ SecretName: 'ecm-reset-password', SecretString: 'Demo-Reset#2024x', Description: 'reset password' });
      expect(created).toMatchObject({ SecretName: 'ecm-reset-password', VersionId: 'SSM_Current' });
      await expect(ssm.GetSecretValue({ SecretName: 'ecm-reset-password', VersionId: 'SSM_Current' })).resolves.toMatchObject({
        SecretString: 'Demo-Reset#2024x',
      });
      expect(await ssm.DescribeSecret({ SecretName: 'ecm-reset-password' })).toMatchObject({
        SecretName: 'ecm-reset-password',
        Description: 'reset password',
        Status: 'Enabled',
        CreateUin: 100012345678,
        CreateTime: expect.any(Number),
      });
      await ssm.CreateSecret({ SecretName: 'ecm-reset-key', VersionId: 'v1', SecretBinary: 'AAEC' });
      await expect(ssm.GetSecretValue({ SecretName: 'ecm-reset-key', VersionId: 'v1' })).resolves.toMatchObject({ SecretBinary: 'AAEC' });
      expect(JSON.stringify(started.emulator.state.secrets)).not.toContain('Demo-Reset#2024x');
    });

    it('never overwrites: an existing name is ResourceInUse.SecretExists and the value stays', async () => {
      await expect(ssm.CreateSecret({ SecretName: 'seeded', SecretString: 'new' })).rejects.toMatchObject({ code: 'ResourceInUse.SecretExists' });
      await expect(ssm.GetSecretValue({ SecretName: 'seeded', VersionId: 'SSM_Current' })).resolves.toMatchObject({ SecretString: 'old' });
    });

    it.each([
      ['a name starting with _', { SecretName: '_x', SecretString: 'v' }],
      ['a name with a dot', { SecretName: 'a.b', SecretString: 'v' }],
      ['a 129-byte name', { SecretName: 'a'.repeat(129), SecretString: 'v' }],
      ['a VersionId starting with .', { SecretName: 'ok', VersionId: '.v1', SecretString: 'v' }],
      ['both values', { SecretName: 'ok', SecretString: 'v', SecretBinary: 'AAEC' }],
      ['no value', { SecretName: 'ok' }],
      ['a value over 32 KB', { SecretName: 'ok', SecretString: 'x'.repeat(32 * 1024 + 1) }],
    ])('CreateSecret refuses %s with InvalidParameterValue', async (_name, request) => {
      await expect(ssm.CreateSecret(request)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    });

    it('DescribeSecret of an unknown secret is ResourceNotFound; ListSecrets lists newest first', async () => {
      await expect(ssm.DescribeSecret({ SecretName: 'nope' })).rejects.toMatchObject({ code: 'ResourceNotFound' });
      await ssm.CreateSecret({ SecretName: 'first', SecretString: 'v' });
      started.emulator.advanceClock(2000);
      await ssm.CreateSecret({ SecretName: 'second', SecretString: 'v' });
      const all = await ssm.ListSecrets({});
      expect(all.SecretMetadatas?.map((s) => s.SecretName)).toEqual(['second', 'first', 'seeded']);
      expect((await ssm.ListSecrets({ SearchSecretName: 'sec', OrderType: 1 })).SecretMetadatas?.map((s) => s.SecretName)).toEqual(['second']);
    });

    it('the deny list applies to CreateSecret', async () => {
      const emulator = await startEmulator({
        credentials: [{ ...READ_ONLY, token: null, deny: ['ssm:CreateSecret'], uin: '100012345678' }],
      });
      try {
        const denied = new SsmClient({ ...emulator.clientConfig, credential: READ_ONLY });
        await expect(denied.CreateSecret({ SecretName: 'x', SecretString: 'v' })).rejects.toMatchObject({ code: 'AuthFailure.UnauthorizedOperation' });
      } finally {
        await emulator.close();
      }
    });
  });

  describe('TDMQ', () => {
    it('CreateCmqTopic makes a topic DescribeCmqTopicDetail shows and PublishCmqMsg holds to its MaxMsgSize', async () => {
      const { TopicId } = await tdmq.CreateCmqTopic({ TopicName: 'ecm-reset-events', MaxMsgSize: 2048, MsgRetentionSeconds: 3600 });
      expect(TopicId).toMatch(/^cmqt-[0-9a-f]{12}$/);
      expect((await tdmq.DescribeCmqTopicDetail({ TopicName: 'ecm-reset-events' })).TopicDescribe).toMatchObject({
        TopicId,
        TopicName: 'ecm-reset-events',
        MaxMsgSize: 2048,
        MsgRetentionSeconds: 3600,
        FilterType: 1,
        MsgCount: 0,
      });
      await tdmq.PublishCmqMsg({ TopicName: 'ecm-reset-events', MsgContent: 'x'.repeat(2048) });
      await expect(tdmq.PublishCmqMsg({ TopicName: 'ecm-reset-events', MsgContent: 'x'.repeat(2049) })).rejects.toMatchObject({
        code: 'InvalidParameterValue',
      });
      expect((await tdmq.DescribeCmqTopicDetail({ TopicName: 'ecm-reset-events' })).TopicDescribe?.MsgCount).toBe(1);
    });

    it('defaults MaxMsgSize to 65536; a topic name is taken case-insensitively (ResourceInUse.Topic)', async () => {
      await tdmq.CreateCmqTopic({ TopicName: 'Alarms' });
      expect((await tdmq.DescribeCmqTopicDetail({ TopicName: 'Alarms' })).TopicDescribe).toMatchObject({ MaxMsgSize: 65536, MsgRetentionSeconds: 86400 });
      await expect(tdmq.CreateCmqTopic({ TopicName: 'alarms' })).rejects.toMatchObject({ code: 'ResourceInUse.Topic' });
      await expect(tdmq.CreateCmqTopic({ TopicName: 'ecm-reset-results' })).rejects.toMatchObject({ code: 'ResourceInUse.Topic' });
    });

    it.each([
      ['MaxMsgSize 1023', { TopicName: 't', MaxMsgSize: 1023 }],
      ['MaxMsgSize 65537', { TopicName: 't', MaxMsgSize: 65537 }],
      ['a name starting with a digit', { TopicName: '1topic' }],
      ['a 65-character name', { TopicName: `t${'x'.repeat(64)}` }],
      ['FilterType 3', { TopicName: 't', FilterType: 3 }],
      ['a retention of 59 s', { TopicName: 't', MsgRetentionSeconds: 59 }],
    ])('CreateCmqTopic refuses %s', async (_name, request) => {
      await expect(tdmq.CreateCmqTopic(request)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    });

    it('DescribeCmqTopicDetail of an unknown topic is ResourceNotFound.Topic; a seeded topic has the defaults', async () => {
      await expect(tdmq.DescribeCmqTopicDetail({ TopicName: 'nope' })).rejects.toMatchObject({ code: 'ResourceNotFound.Topic' });
      expect((await tdmq.DescribeCmqTopicDetail({ TopicName: 'ecm-reset-results' })).TopicDescribe).toMatchObject({ MaxMsgSize: 65536, Status: 1 });
    });

    it('the state lists created topics; POST reset removes them', async () => {
      await tdmq.CreateCmqTopic({ TopicName: 'temp-topic', MaxMsgSize: 4096 });
      expect(started.emulator.state.topics).toContainEqual({ name: 'temp-topic', maxMsgSize: 4096, messages: 0 });
      started.emulator.reset();
      expect(started.emulator.state.topics.map((t) => t.name)).toEqual(['ecm-reset-results']);
    });
  });
});
