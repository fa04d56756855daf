import type { ParsedSeed } from '../seed';

export interface TopicRecord {
  readonly name: string;
  readonly maxMsgSize: number;
  /** What CreateCmqTopic records; seeded topics have the defaults (DescribeCmqTopicDetail fills them in). */
  readonly topicId?: string;
  readonly msgRetentionSeconds?: number;
  readonly filterType?: number;
  readonly trace?: boolean;
  /** Milliseconds (CmqTopic.CreateTime). */
  readonly createTime?: number;
}

/** A message accepted by PublishCmqMsg. */
export interface PublishedMessage {
  readonly seq: number;
  readonly topic: string;
  readonly msgId: string;
  readonly tags: readonly string[];
  readonly content: string;
  /** ISO-8601, from the emulator clock. */
  readonly time: string;
}

/** Default `MaxMsgSize` of a CMQ topic: 65536 bytes, in a range of 1024–65536 (CreateCmqTopic, doc 1179/55915). */
export const DEFAULT_MAX_MSG_SIZE = 65_536;

/** TDMQ CMQ topics and the messages published to them. */
export class TdmqStore {
  /** Keyed by lower-case name: CMQ topic names are case-insensitive. */
  readonly topics: Map<string, TopicRecord>;
  readonly messages: PublishedMessage[] = [];

  constructor(seed: ParsedSeed) {
    this.topics = new Map(
      seed.topics.map((t) => {
        const topic =
          typeof t === 'string' ? { name: t, maxMsgSize: DEFAULT_MAX_MSG_SIZE } : { name: t.name, maxMsgSize: t.maxMsgSize ?? DEFAULT_MAX_MSG_SIZE };
        return [topic.name.toLowerCase(), topic];
      }),
    );
  }

  topic(name: string): TopicRecord | undefined {
    return this.topics.get(name.toLowerCase());
  }
}
