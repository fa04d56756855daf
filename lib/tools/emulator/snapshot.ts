import type { ImageView, InstanceView } from './instance-view';
import { imageView, instanceView } from './instance-view';
import type { ManagementSnapshot } from './snapshot-mgmt';
import { snapshotManagement } from './snapshot-mgmt';
import type { EmulatorState } from './state';

/** What `GET /_emulator/state` shows. Secret values are never included. */
export interface StateSnapshot extends ManagementSnapshot {
  /** The emulator clock, ISO-8601. */
  readonly now: string;
  readonly instances: readonly InstanceView[];
  readonly pendingResets: readonly {
    readonly instanceId: string;
    readonly imageId: string;
    readonly startedAt: string;
    readonly endsAt: string;
    readonly requestId: string;
  }[];
  readonly images: readonly (ImageView & { readonly Kind: string })[];
  readonly secrets: readonly { readonly name: string; readonly status: string; readonly versions: Readonly<Record<string, string>> }[];
  readonly topics: readonly { readonly name: string; readonly maxMsgSize: number; readonly messages: number }[];
  /** COS buckets and their objects' keys, sizes and times (never their bodies); `versioning` null when never enabled. */
  readonly buckets: readonly {
    readonly name: string;
    readonly region: string;
    readonly versioning: 'Enabled' | 'Suspended' | null;
    readonly objects: readonly { readonly key: string; readonly size: number; readonly lastModified: string }[];
  }[];
  readonly credentials: readonly { readonly secretId: string; readonly temporary: boolean; readonly uin: string; readonly deny: readonly string[] }[];
  readonly resetDurationMs: number;
  readonly rateLimitPerSecond: number;
}

export const REDACTED_VALUE = 'REDACTED';

/** A plain-data view of the state after settling finished resets at `now`. */
export function snapshotState(state: EmulatorState, now: number): StateSnapshot {
  state.settle(now);
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    now: iso(now),
    instances: state.ecm.instances.map((instance) => instanceView(instance, state.ecm.images)),
    pendingResets: state.ecm.instances.flatMap((instance) =>
      instance.pendingReset === null
        ? []
        : [
            {
              instanceId: instance.instanceId,
              imageId: instance.pendingReset.imageId,
              startedAt: iso(instance.pendingReset.startedAt),
              endsAt: iso(instance.pendingReset.endsAt),
              requestId: instance.pendingReset.requestId,
            },
          ],
    ),
    images: [...state.ecm.images.values()].map((image) => ({ ...imageView(image), Kind: image.kind })),
    secrets: [...state.ssm.secrets.values()].map((secret) => ({
      name: secret.name,
      status: secret.status,
      versions: Object.fromEntries(Object.keys(secret.versions).map((id) => [id, REDACTED_VALUE])),
    })),
    topics: [...state.tdmq.topics.values()].map((topic) => ({
      name: topic.name,
      maxMsgSize: topic.maxMsgSize,
      messages: state.tdmq.messages.filter((message) => message.topic === topic.name).length,
    })),
    buckets: [...state.cos.buckets.values()].map((bucket) => ({
      name: bucket.name,
      region: bucket.region,
      versioning: bucket.versioning,
      objects: state.cos.sortedKeys(bucket).flatMap((key) => {
        const object = bucket.objects.get(key);
        return object === undefined ? [] : [{ key, size: object.body.length, lastModified: iso(object.lastModified) }];
      }),
    })),
    credentials: [...state.credentials.values()].map((credential) => ({
      secretId: credential.secretId,
      temporary: credential.token !== null,
      uin: credential.uin,
      deny: credential.deny,
    })),
    resetDurationMs: state.seed.resetDurationMs,
    rateLimitPerSecond: state.seed.rateLimitPerSecond,
    ...snapshotManagement(state),
  };
}
