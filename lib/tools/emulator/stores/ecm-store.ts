import { familyOf } from '../rules/password-rules';
import type { ImageSeed, INSTANCE_STATES, ParsedSeed } from '../seed';
import { instanceUuid } from '../seed';

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
  osType: 'linux' | 'windows';
  /** Insertion-ordered, so TagSet keeps a stable order. */
  tags: Map<string, string>;
  latestOperation: string | null;
  latestOperationState: OperationState | null;
  pendingReset: PendingReset | null;
}

/** The instance state shown while a reset runs (a reinstall stops and restarts the machine). */
export const RESETTING_STATE: InstanceState = 'REBOOTING';

/** ECM's instances and images, with the lifecycle of a reset. */
export class EcmStore {
  readonly images: ReadonlyMap<string, ImageSeed>;
  /** Seed order, which DescribeInstances keeps as its tie-break. */
  readonly instances: readonly InstanceRecord[];
  private readonly byId: ReadonlyMap<string, InstanceRecord>;
  private readonly resetDurationMs: number;

  constructor(seed: ParsedSeed) {
    this.resetDurationMs = seed.resetDurationMs;
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
  }

  instance(instanceId: string): InstanceRecord | undefined {
    return this.byId.get(instanceId);
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
        const image = this.images.get(reset.imageId);
        if (image !== undefined) instance.osType = familyOf(image.osType);
      }
    }
  }

  /** Starts a reset: the instance is OPERATING until `now + resetDurationMs`. */
  startReset(instance: InstanceRecord, imageId: string, now: number, requestId: string): void {
    instance.pendingReset = {
      startedAt: now,
      endsAt: now + this.resetDurationMs,
      imageId,
      outcome: instance.resetOutcome,
      requestId,
    };
    instance.state = RESETTING_STATE;
    instance.latestOperation = 'ResetInstances';
    instance.latestOperationState = 'OPERATING';
  }
}
