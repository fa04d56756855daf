import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { CloudPorts, EcmImage, EcmInstance, InstanceQuery, ResetInstancesParams } from './cloud-ports';
import type { RateLimiter } from './rate-limiter';
import { ONLY_IF_NOT_APPLIED, type RetryPolicy, retry, SAFE_TO_REPEAT } from './retry';

/** DescribeInstances takes at most 5 filter values and returns at most 100 instances a page. */
export const FILTER_VALUES_MAX = 5;
export const PAGE_SIZE = 100;
/** DescribeInstances pages fetched side by side when a query spans many. */
const PAGES_IN_FLIGHT = 4;
/** TagResources / UnTagResources take at most 10 resources per call. */
export const TAG_RESOURCES_MAX = 10;

export interface CloudCalls {
  /** Every instance matching a query, across pages. */
  describeAll(query: InstanceQuery): Promise<EcmInstance[]>;
  /** The given ids, 5 per call; `missing` lists ids ECM does not know. */
  describeIds(ids: readonly string[]): Promise<{ found: EcmInstance[]; missing: string[] }>;
  /** The image a request names; null when ECM does not know it. */
  describeImage(imageId: string): Promise<EcmImage | null>;
  /** One ResetInstances call; retried only while it provably did not take effect. */
  resetInstances(params: ResetInstancesParams): Promise<{ apiRequestId: string }>;
  getSecretValue(name: string, versionId: string): Promise<string>;
  publish(topic: string, content: string, tags: readonly string[]): Promise<{ msgId: string; apiRequestId: string }>;
  tagInstances(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void>;
  /** Every instance whose tag `key` has one of `values`, with its tags, across pages (Tag API). */
  taggedInstances(key: string, values: readonly string[]): Promise<{ instanceId: string; tags: Record<string, string> }[]>;
  untagInstances(ids: readonly string[], keys: readonly string[]): Promise<void>;
}

export interface CloudCallsDeps {
  ports: CloudPorts;
  clock: Clock;
  log: Logger;
  limiter: (key: string) => RateLimiter;
  /** Epoch ms after which no retry starts. */
  deadline: number;
  random?: () => number;
}

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** The function's only way to the cloud: every call is rate-limited per action and retried by policy. */
export function createCloudCalls(deps: CloudCallsDeps): CloudCalls {
  const call = <T>(key: string, policy: RetryPolicy, fn: () => Promise<T>): Promise<T> =>
    retry(
      async () => {
        // The slot is held until the attempt completes: see rate-limiter.ts for why.
        const release = await deps.limiter(key).acquire();
        try {
          return await fn();
        } finally {
          release();
        }
      },
      policy,
      {
        clock: deps.clock,
        deadline: deps.deadline,
        ...(deps.random ? { random: deps.random } : {}),
        onRetry: (e, attempt, delayMs) => deps.log.warn('cloud.retry', { call: key, attempt, delayMs, failure: e.failure, code: e.tencentCode ?? null }),
      },
    );

  const page = (query: InstanceQuery, offset: number) =>
    call('ecm:DescribeInstances', SAFE_TO_REPEAT, () => deps.ports.ecm.describeInstances(query, offset, PAGE_SIZE));

  return {
    async describeAll(query) {
      const first = await page(query, 0);
      const instances = [...first.instances];
      const offsets: number[] = [];
      for (let offset = PAGE_SIZE; offset < first.totalCount; offset += PAGE_SIZE) offsets.push(offset);
      // A few pages at a time: twenty 100-instance answers parsed at once are what sets a fleet
      // run's peak memory (SCF's smallest size is 64 MB), and a few in flight keep it fast.
      for (let i = 0; i < offsets.length; i += PAGES_IN_FLIGHT) {
        const rest = await Promise.all(offsets.slice(i, i + PAGES_IN_FLIGHT).map((offset) => page(query, offset)));
        for (const p of rest) instances.push(...p.instances);
      }
      // Pages may overlap if the fleet changes while we read; keep each instance once.
      const seen = new Set<string>();
      return instances.filter((i) => !seen.has(i.instanceId) && seen.add(i.instanceId));
    },
    async describeIds(ids) {
      const pages = await Promise.all(chunk(ids, FILTER_VALUES_MAX).map((part) => page({ by: 'ids', instanceIds: part }, 0)));
      const byId = new Map(pages.flatMap((p) => p.instances).map((i) => [i.instanceId, i]));
      const found = ids.map((id) => byId.get(id)).filter((i): i is EcmInstance => i !== undefined);
      return { found, missing: ids.filter((id) => !byId.has(id)) };
    },
    describeImage: (imageId) => call('ecm:DescribeImage', SAFE_TO_REPEAT, () => deps.ports.ecm.describeImage(imageId)),
    resetInstances: (params) => call('ecm:ResetInstances', ONLY_IF_NOT_APPLIED, () => deps.ports.ecm.resetInstances(params)),
    getSecretValue: (name, versionId) => call('ssm:GetSecretValue', SAFE_TO_REPEAT, () => deps.ports.secrets.getSecretValue(name, versionId)),
    publish: (topic, content, tags) => call('tdmq:PublishCmqMsg', SAFE_TO_REPEAT, () => deps.ports.topic.publish(topic, content, tags)),
    async tagInstances(ids, tags) {
      await Promise.all(chunk(ids, TAG_RESOURCES_MAX).map((part) => call('tag:TagResources', SAFE_TO_REPEAT, () => deps.ports.tags.tagInstances(part, tags))));
    },
    async taggedInstances(key, values) {
      const out: { instanceId: string; tags: Record<string, string> }[] = [];
      let token = '';
      do {
        const current = token;
        const page = await call('tag:GetResources', SAFE_TO_REPEAT, () => deps.ports.tags.taggedInstances(key, values, current));
        out.push(...page.instances);
        token = page.next;
      } while (token !== '');
      return out;
    },
    async untagInstances(ids, keys) {
      await Promise.all(
        chunk(ids, TAG_RESOURCES_MAX).map((part) => call('tag:UnTagResources', SAFE_TO_REPEAT, () => deps.ports.tags.untagInstances(part, keys))),
      );
    },
  };
}
