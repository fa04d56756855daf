import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as TdmqClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_client';
import type { PublishCmqMsgRequest, PublishCmqMsgResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_models';
import type { TopicPort } from '../ports/cloud-ports';
import { toCloudError } from './to-cloud-error';

/** TDMQ CMQ (2020-02-17) PublishCmqMsg. */
export function createTopic(options: ClientConfig): TopicPort {
  const client = new TdmqClient(options);
  return {
    async publish(topic, content, tags, options) {
      const req: PublishCmqMsgRequest = { TopicName: topic, MsgContent: content, ...(tags.length > 0 ? { MsgTag: [...tags] } : {}) };
      try {
        const r: PublishCmqMsgResponse = await client.request('PublishCmqMsg', req, options);
        return { msgId: r.MsgId ?? '', apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('tdmq', 'PublishCmqMsg', e);
      }
    },
  };
}
