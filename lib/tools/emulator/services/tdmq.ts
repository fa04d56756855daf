import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import type { ActionContext, ServiceDefinition } from '../service';
import { createCmqTopic, describeCmqTopicDetail } from './tdmq-topics';

/** Legacy CMQ allowed 5 tags per message; TDMQ-CMQ documents only the 64-character tag length. */
const MAX_TAGS = 5;
const MAX_TAG_LENGTH = 64;

export const PublishCmqMsgParamsSchema = v.object({
  TopicName: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
  MsgContent: v.string('must be a string'),
  MsgTag: v.optional(v.array(v.string('must be a string'), 'must be an array of strings')),
});

/** TDMQ PublishCmqMsg: stores the message so tests and the admin API can read it back. */
export function publishCmqMsg(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(PublishCmqMsgParamsSchema, params, 'InvalidParameterValue');
  const topic = ctx.state.tdmq.topic(input.TopicName);
  if (topic === undefined) throw new ApiError('ResourceNotFound', `the topic \`${input.TopicName}\` does not exist`);
  if (input.MsgContent === '') throw new ApiError('InvalidParameterValue', 'MsgContent must not be empty');
  const size = Buffer.byteLength(input.MsgContent, 'utf8');
  if (size > topic.maxMsgSize) {
    throw new ApiError('InvalidParameterValue', `MsgContent is ${size} bytes; topic \`${topic.name}\` takes at most ${topic.maxMsgSize}`);
  }
  const tags = input.MsgTag ?? [];
  if (tags.length > MAX_TAGS) throw new ApiError('InvalidParameterValue', `MsgTag has ${tags.length} tags; at most ${MAX_TAGS} are allowed`);
  const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (long !== undefined) throw new ApiError('InvalidParameterValue', `a MsgTag is ${long.length} characters; at most ${MAX_TAG_LENGTH} are allowed`);
  const msgId = randomBytes(15).toString('hex').toUpperCase();
  ctx.state.tdmq.messages.push({
    seq: ctx.state.tdmq.messages.length + 1,
    topic: topic.name,
    msgId,
    tags,
    content: input.MsgContent,
    time: new Date(ctx.now).toISOString(),
  });
  return { Result: true, MsgId: msgId };
}

/** TDMQ (CMQ flavour), API version 2020-02-17. */
export const tdmqService: ServiceDefinition = {
  service: 'tdmq',
  version: '2020-02-17',
  requiresRegion: true,
  actions: { CreateCmqTopic: createCmqTopic, DescribeCmqTopicDetail: describeCmqTopicDetail, PublishCmqMsg: publishCmqMsg },
};
