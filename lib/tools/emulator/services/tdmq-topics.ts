import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import type { ActionContext } from '../service';
import { DEFAULT_MAX_MSG_SIZE, type TopicRecord } from '../stores/tdmq-store';

/**
 * TDMQ 2020-02-17 CreateCmqTopic and DescribeCmqTopicDetail (tencentcloud-sdk-nodejs `tdmq/v20200217/tdmq_models.d.ts`,
 * doc api/1179/55915; errors from tencentcloud-sdk-go `tdmq/v20200217/client.go`). PublishCmqMsg sees the
 * topics created here and holds messages to their MaxMsgSize.
 */

const Int = v.pipe(v.number('must be a number'), v.integer('must be a whole number'));
/**
 * The SDK allows letters, digits, `-` and `_` up to 64 characters; doc 1179/55915 a leading letter then
 * letters, digits and `-`. The emulator takes a leading letter, then letters, digits, `-` and `_`.
 */
const TOPIC_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** MsgRetentionSeconds: "取值范围60 - 86400 s（即1分钟 - 1天），默认值86400". */
const DEFAULT_RETENTION = 86_400;
/** Seeded topics were created at this time, as seeded instances. */
const SEEDED_AT = Date.UTC(2024, 0, 1);

const CreateCmqTopicParams = v.object({
  TopicName: v.string('must be a string'),
  MaxMsgSize: v.optional(Int, DEFAULT_MAX_MSG_SIZE),
  FilterType: v.optional(Int, 1),
  MsgRetentionSeconds: v.optional(Int, DEFAULT_RETENTION),
  Trace: v.optional(v.boolean('must be a boolean'), false),
  Tags: v.optional(v.unknown()),
});

/**
 * CreateCmqTopic. MaxMsgSize "取值范围 1024-65536 Byte（即1-64K），默认值 65536"; FilterType 1 (tags, the default)
 * or 2 (routing keys). Its error list names no parameter code, so bad values get the common InvalidParameterValue.
 */
export function createCmqTopic(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(CreateCmqTopicParams, params, 'InvalidParameterValue');
  if (!TOPIC_NAME.test(input.TopicName)) {
    throw new ApiError('InvalidParameterValue', 'TopicName is at most 64 letters, digits, - or _, starting with a letter');
  }
  if (input.MaxMsgSize < 1024 || input.MaxMsgSize > 65_536) throw new ApiError('InvalidParameterValue', 'MaxMsgSize is 1024-65536 bytes');
  if (input.MsgRetentionSeconds < 60 || input.MsgRetentionSeconds > 86_400) throw new ApiError('InvalidParameterValue', 'MsgRetentionSeconds is 60-86400');
  if (input.FilterType !== 1 && input.FilterType !== 2) throw new ApiError('InvalidParameterValue', 'FilterType is 1 (tags) or 2 (routing keys)');
  // Topic names are case-insensitive ("不区分大小写").
  if (ctx.state.tdmq.topic(input.TopicName) !== undefined) throw new ApiError('ResourceInUse.Topic', `the topic \`${input.TopicName}\` already exists`);
  const topic: TopicRecord = {
    name: input.TopicName,
    maxMsgSize: input.MaxMsgSize,
    topicId: `cmqt-${randomBytes(6).toString('hex')}`,
    msgRetentionSeconds: input.MsgRetentionSeconds,
    filterType: input.FilterType,
    trace: input.Trace,
    createTime: ctx.now,
  };
  ctx.state.tdmq.topics.set(topic.name.toLowerCase(), topic);
  return { TopicId: topic.topicId };
}

const DescribeParams = v.object({ TopicName: v.optional(v.string('must be a string')) });

/** DescribeCmqTopicDetail: the topic named exactly ("精确匹配TopicName"), or ResourceNotFound.Topic ("主题不存在"). */
export function describeCmqTopicDetail(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(DescribeParams, params, 'InvalidParameterValue');
  if (input.TopicName === undefined) throw new ApiError('InvalidParameterValue', 'TopicName is required');
  const topic = ctx.state.tdmq.topic(input.TopicName);
  if (topic === undefined) throw new ApiError('ResourceNotFound.Topic', `the topic \`${input.TopicName}\` does not exist`);
  const createTime = topic.createTime ?? SEEDED_AT;
  return {
    TopicDescribe: {
      TopicId: topic.topicId ?? `cmqt-${topic.name.toLowerCase().slice(0, 12)}`,
      TopicName: topic.name,
      MsgRetentionSeconds: topic.msgRetentionSeconds ?? DEFAULT_RETENTION,
      MaxMsgSize: topic.maxMsgSize,
      Qps: 5000,
      FilterType: topic.filterType ?? 1,
      CreateTime: createTime,
      LastModifyTime: createTime,
      MsgCount: ctx.state.tdmq.messages.filter((m) => m.topic === topic.name).length,
      CreateUin: Number(ctx.credential.uin),
      Tags: [],
      Trace: topic.trace ?? false,
      TenantId: '',
      NamespaceName: '',
      Status: 1,
      BrokerType: 0,
      SubscriptionCount: 0,
    },
  };
}
