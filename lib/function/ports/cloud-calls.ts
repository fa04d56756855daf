import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import { CloudCallError } from './cloud-error';
import type { CallOptions, CloudPorts, EcmImage, EcmInstance, FunctionTarget, InstanceQuery, ResetInstancesParams } from './cloud-ports';
import type { RateLimiter } from './rate-limiter';
import { MIN_ATTEMPT_MS, ONLY_IF_NOT_APPLIED, type RetryPolicy, retry, SAFE_TO_REPEAT } from './retry';

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
  /** Removes tag keys from instances, 10 per call (removing a key twice changes nothing, so it is retried). */
  untagInstances(ids: readonly string[], keys: readonly string[]): Promise<void>;
  /** Queues an event for the function itself (a repeated event is a duplicate the ledger recognises). */
  invokeAsync(target: FunctionTarget, event: unknown): Promise<{ apiRequestId: string }>;
  /** The ledger's object at `key`, or null (retried: reading changes nothing). */
  ledgerRead(key: string): Promise<string | null>;
  /**
   * Creates the ledger's object unless it exists (retried only while it provably did not take
   * effect). `publishing`: a request's outcome, which is part of publishing it and may use the
   * time kept for that, as PublishCmqMsg does.
   */
  ledgerCreate(key: string, body: string, publishing?: boolean): Promise<boolean>;
  /** Writes the ledger's object, replacing any (retried: the same bytes again are harmless). */
  ledgerWrite(key: string, body: string, publishing?: boolean): Promise<void>;
}

export interface CloudCallsDeps {
  ports: CloudPorts;
  clock: Clock;
  log: Logger;
  limiter: (key: string) => RateLimiter;
  /**
   * Epoch ms by which every call has ended: no attempt starts with less than MIN_ATTEMPT_MS
   * left, no attempt waits for its answer past it, and no retry starts after it.
   */
  deadline: number;
  /**
   * The same for publishing the result, which may use the time kept back after `deadline` for
   * it (up to SCF's limit, less a moment to return). `deadline` when not given.
   */
  publishDeadline?: number;
  /** RESET_API_TIMEOUT in ms: the longest any attempt waits for its answer. */
  callTimeoutMs: number;
  random?: () => number;
}

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * The function's only way to the cloud: every call is rate-limited per action and retried by
 * policy, and each attempt is given min(RESET_API_TIMEOUT, time left before the deadline) to
 * answer. The SDK adapters get an AbortSignal that fires then; the attempt ends then in any case,
 * as an ambiguous failure (the request may have reached the API), so the invocation answers
 * before SCF's limit however slow the API is.
 */
export function createCloudCalls(deps: CloudCallsDeps): CloudCalls {
  const publishDeadline = deps.publishDeadline ?? deps.deadline;

  /** One attempt: a rate-limit slot, then the call, within its time. */
  const attempt = async <T>(key: string, deadline: number, fn: (options: CallOptions) => Promise<T>, limited: boolean): Promise<T> => {
    const release = limited ? await deps.limiter(key).acquire() : () => undefined;
    const [service = key, action = key] = key.split(':');
    // Measured after the limiter's wait: that is when the call would start.
    const left = deadline - deps.clock.now();
    if (left < MIN_ATTEMPT_MS) {
      release();
      const message = `${key} not sent: ${Math.max(0, left)} ms left before the invocation's deadline`;
      throw new CloudCallError(service, action, 'unreachable', message, undefined, undefined, null, 'Invocation.TimeLimit');
    }
    const byDeadline = left < deps.callTimeoutMs;
    const timeoutMs = byDeadline ? left : deps.callTimeoutMs;
    const timedOut = (cause: unknown) =>
      new CloudCallError(
        service,
        action,
        'ambiguous',
        `${key} got no answer within ${timeoutMs} ms (${byDeadline ? "the invocation's time left" : 'RESET_API_TIMEOUT'}); it may have reached the API`,
        undefined,
        undefined,
        cause,
        byDeadline ? 'Invocation.TimeLimit' : 'Cloud.Unavailable',
      );
    const abort = new AbortController();
    const ended = new AbortController();
    // The slot is held until the request itself has ended, not only this attempt: see rate-limiter.ts.
    const call = Promise.resolve()
      .then(() => fn({ signal: abort.signal }))
      .finally(release);
    const expired = new Promise<never>((_, reject) => {
      void deps.clock.sleep(timeoutMs, ended.signal).then(() => {
        if (ended.signal.aborted) return;
        abort.abort();
        reject(timedOut(null));
      });
    });
    try {
      return await Promise.race([call, expired]);
    } catch (e) {
      // The adapter may report the abort first, as its own "aborted" failure: say why it came.
      if (abort.signal.aborted && e instanceof CloudCallError && e.failure === 'ambiguous' && e.tencentCode === undefined) throw timedOut(e);
      throw e;
    } finally {
      ended.abort();
    }
  };

  const call = <T>(key: string, policy: RetryPolicy, fn: (options: CallOptions) => Promise<T>, deadline = deps.deadline, limited = true): Promise<T> =>
    retry(() => attempt(key, deadline, fn, limited), policy, {
      clock: deps.clock,
      deadline,
      ...(deps.random ? { random: deps.random } : {}),
      onRetry: (e, attempt, delayMs) => deps.log.warn('cloud.retry', { call: key, attempt, delayMs, failure: e.failure, code: e.tencentCode ?? null }),
    });

  const page = (query: InstanceQuery, offset: number) =>
    call('ecm:DescribeInstances', SAFE_TO_REPEAT, (o) => deps.ports.ecm.describeInstances(query, offset, PAGE_SIZE, o));

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
    describeImage: (imageId) => call('ecm:DescribeImage', SAFE_TO_REPEAT, (o) => deps.ports.ecm.describeImage(imageId, o)),
    resetInstances: (params) => call('ecm:ResetInstances', ONLY_IF_NOT_APPLIED, (o) => deps.ports.ecm.resetInstances(params, o)),
    getSecretValue: (name, versionId) => call('ssm:GetSecretValue', SAFE_TO_REPEAT, (o) => deps.ports.secrets.getSecretValue(name, versionId, o)),
    publish: (topic, content, tags) => call('tdmq:PublishCmqMsg', SAFE_TO_REPEAT, (o) => deps.ports.topic.publish(topic, content, tags, o), publishDeadline),
    async tagInstances(ids, tags) {
      await Promise.all(
        chunk(ids, TAG_RESOURCES_MAX).map((part) => call('tag:TagResources', SAFE_TO_REPEAT, (o) => deps.ports.tags.tagInstances(part, tags, o))),
      );
    },
    async untagInstances(ids, keys) {
      await Promise.all(
        chunk(ids, TAG_RESOURCES_MAX).map((part) => call('tag:UnTagResources', SAFE_TO_REPEAT, (o) => deps.ports.tags.untagInstances(part, keys, o))),
      );
    },
    invokeAsync: (target, event) => call('scf:Invoke', SAFE_TO_REPEAT, (o) => deps.ports.functions.invokeAsync(target, event, o)),
    // COS takes thousands of requests a second per bucket (COS doc 436/14518): no API 3.0 limiter.
    ledgerRead: (key) => call('cos:GetObject', SAFE_TO_REPEAT, (o) => deps.ports.ledger.read(key, o), deps.deadline, false),
    ledgerCreate: (key, body, publishing = false) =>
      call('cos:PutObject', ONLY_IF_NOT_APPLIED, (o) => deps.ports.ledger.create(key, body, o), publishing ? publishDeadline : deps.deadline, false),
    ledgerWrite: (key, body, publishing = false) =>
      call('cos:PutObject', SAFE_TO_REPEAT, (o) => deps.ports.ledger.write(key, body, o), publishing ? publishDeadline : deps.deadline, false),
  };
}
