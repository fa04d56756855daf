import type { OsType } from '../../function/guardrails/password-policy';
import type { CredentialSeed, ImageSeed, INSTANCE_STATES, ParsedSeed, SecretSeed } from './seed';
import { instanceUuid } from './seed';

export type InstanceState = (typeof INSTANCE_STATES)[number];
export type OperationState = 'SUCCESS' | 'FAILED' | 'OPERATING';

/** A reset that has been accepted; its effect is applied lazily once `endsAt` has passed. */
export interface PendingReset {
  readonly startedAt: number;
  readonly endsAt: number;
  readonly imageId: string;
  readonly outcome: 'SUCCESS' | 'FAILED';
  readonly requestId: string;
}

/** One emulated ECM instance (mutable: resets and tag calls change it). */
export interface InstanceRecord {
  readonly instanceId: string;
  readonly uuid: string;
  readonly instanceName: string;
  readonly memoryGb: number;
  readonly createTime: string;
  readonly resetOutcome: 'SUCCESS' | 'FAILED';
  state: InstanceState;
  imageId: string;
  osType: OsType;
  /** Insertion-ordered, so TagSet keeps a stable order. */
  tags: Map<string, string>;
  latestOperation: string | null;
  latestOperationState: OperationState | null;
  pendingReset: PendingReset | null;
}

export interface TopicRecord {
  readonly name: string;
  readonly maxMsgSize: number;
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

/** The instance state shown while a reset runs (a reinstall stops and restarts the machine). */
export const RESETTING_STATE: InstanceState = 'REBOOTING';

/** Everything the emulated services read and change. One per seed. */
export class EmulatorState {
  readonly seed: ParsedSeed;
  readonly credentials: ReadonlyMap<string, CredentialSeed>;
  readonly images: ReadonlyMap<string, ImageSeed>;
  /** Seed order, which DescribeInstances keeps as its tie-break. */
  readonly instances: readonly InstanceRecord[];
  readonly secrets: ReadonlyMap<string, SecretSeed>;
  /** Keyed by lower-case name: CMQ topic names are case-insensitive. */
  readonly topics: ReadonlyMap<string, TopicRecord>;
  readonly messages: PublishedMessage[] = [];
  private readonly byId: ReadonlyMap<string, InstanceRecord>;

  constructor(seed: ParsedSeed) {
    this.seed = seed;
    this.credentials = new Map(seed.credentials.map((c) => [c.secretId, c]));
    this.images = new Map(seed.images.map((i) => [i.imageId, i]));
    this.instances = seed.instances.map((i) => ({
      instanceId: i.instanceId,
      uuid: instanceUuid(i),
      instanceName: i.instanceName,
      memoryGb: i.memoryGb,
      createTime: i.createTime,
      resetOutcome: i.resetOutcome,
      state: i.state,
      imageId: i.imageId,
      osType: i.osType,
      tags: new Map(Object.entries(i.tags)),
      latestOperation: i.latestOperation,
      latestOperationState: i.latestOperationState,
      pendingReset: null,
    }));
    this.byId = new Map(this.instances.map((i) => [i.instanceId, i]));
    this.secrets = new Map(seed.secrets.map((s) => [s.name, s]));
    this.topics = new Map(
      seed.topics.map((t) => {
        const topic = typeof t === 'string' ? { name: t, maxMsgSize: 65536 } : { name: t.name, maxMsgSize: t.maxMsgSize ?? 65536 };
        return [topic.name.toLowerCase(), topic];
      }),
    );
  }

  instance(instanceId: string): InstanceRecord | undefined {
    return this.byId.get(instanceId);
  }

  topic(name: string): TopicRecord | undefined {
    return this.topics.get(name.toLowerCase());
  }

  /**
   * Applies every reset whose time is up. Called before each request and snapshot,
   * so moving an injected clock is all a test needs to "wait" for a reset.
   */
  settle(now: number): void {
    for (const instance of this.instances) {
      const reset = instance.pendingReset;
      if (reset === null || now < reset.endsAt) continue;
      instance.pendingReset = null;
      instance.state = 'RUNNING';
      instance.latestOperationState = reset.outcome;
      if (reset.outcome === 'SUCCESS') {
        instance.imageId = reset.imageId;
        instance.osType = this.images.get(reset.imageId)?.osType ?? instance.osType;
      }
    }
  }

  /** Starts a reset: the instance is OPERATING until `now + resetDurationMs`. */
  startReset(instance: InstanceRecord, imageId: string, now: number, requestId: string): void {
    instance.pendingReset = {
      startedAt: now,
      endsAt: now + this.seed.resetDurationMs,
      imageId,
      outcome: instance.resetOutcome,
      requestId,
    };
    instance.state = RESETTING_STATE;
    instance.latestOperation = 'ResetInstances';
    instance.latestOperationState = 'OPERATING';
  }
}
