/**
 * What the pipeline needs from Tencent Cloud, in its own words. Only lib/tencent/* implements
 * these with the SDK; tests and tools may implement them with plain objects.
 */

export interface EcmInstance {
  instanceId: string;
  uuid: string | null;
  name: string | null;
  state: string | null;
  osType: string | null;
  imageId: string | null;
  tags: Readonly<Record<string, string>>;
  latestOperation: string | null;
  latestOperationState: string | null;
  /** Memory in GB (DescribeInstances' InstanceTypeConfig.Memory), when known. */
  memoryGb?: number | null;
}

export type InstanceQuery =
  | { by: 'ids'; instanceIds: readonly string[] }
  | { by: 'uuids'; uuids: readonly string[] }
  | { by: 'tag'; selector: { key: string; value: string } }
  | { by: 'tag-key'; key: string }
  | { by: 'all' };

export interface InstancePage {
  instances: EcmInstance[];
  totalCount: number;
  apiRequestId: string;
}

export interface ResetInstancesParams {
  instanceIds: readonly string[];
  imageId: string | null;
  /** Never logged; redacted from every record of the call. */
  password: string | null;
  keepData: boolean;
  keepImageLogin: boolean;
  enhancedService: { monitor?: boolean | undefined; security?: boolean | undefined } | null;
}

/** What goes with one call of a port, besides its parameters. */
export interface CallOptions {
  /**
   * Ends the call early: the request is abandoned and the call fails as `ambiguous` (it may
   * have reached the API). cloud-calls aborts at the call's timeout.
   */
  signal?: AbortSignal;
}

export interface EcmPort {
  /** One page (ECM allows at most 5 filter values and 100 results per call). */
  describeInstances(query: InstanceQuery, offset: number, limit: number, options?: CallOptions): Promise<InstancePage>;
  resetInstances(params: ResetInstancesParams, options?: CallOptions): Promise<{ apiRequestId: string }>;
  /** The image (DescribeImage by image-id); null when ECM does not know it. */
  describeImage(imageId: string, options?: CallOptions): Promise<EcmImage | null>;
}

export interface EcmImage {
  imageId: string;
  /** `linux` or `windows` as ECM reports it (lower-cased); null when it does not say. */
  osType: string | null;
  /** `x86_64` or `i386` as ECM reports it; null when it does not say. */
  architecture?: string | null;
}

export interface SecretsPort {
  /** The secret's text (SecretBinary is decoded as UTF-8). */
  getSecretValue(name: string, versionId: string, options?: CallOptions): Promise<string>;
}

export interface TopicPort {
  publish(topic: string, content: string, tags: readonly string[], options?: CallOptions): Promise<{ msgId: string; apiRequestId: string }>;
}

export interface TagPort {
  /** Sets (adds or replaces) the same tags on up to 10 instances. */
  tagInstances(instanceIds: readonly string[], tags: Readonly<Record<string, string>>, options?: CallOptions): Promise<{ apiRequestId: string }>;
  /** Removes the tag keys from up to 10 instances (a key an instance does not have is no error). */
  untagInstances(instanceIds: readonly string[], keys: readonly string[], options?: CallOptions): Promise<{ apiRequestId: string }>;
}

/**
 * Where the guardrail ledger keeps its records: small texts under keys the ledger names (relative to
 * a prefix the store was built with). `create` is the arbiter between concurrent invocations: of two
 * creates of one key, exactly one returns true.
 */
export interface LedgerStore {
  /** The text stored under `key`, or null when there is none. */
  read(key: string, options?: CallOptions): Promise<string | null>;
  /** Create-if-absent: true when this call created `key`, false when it existed already. */
  create(key: string, body: string, options?: CallOptions): Promise<boolean>;
  /** Plain overwrite (creates when absent). */
  write(key: string, body: string, options?: CallOptions): Promise<void>;
  /** Deletes `key`; a key that is not there is not an error. */
  remove(key: string, options?: CallOptions): Promise<void>;
}

/** A function to invoke: the SCF context names the function itself (583/9210). */
export interface FunctionTarget {
  name: string;
  namespace: string;
  qualifier: string;
}

export interface FunctionsPort {
  /** Invokes a function asynchronously (SCF Invoke, InvocationType Event): it returns once SCF has queued the event. */
  invokeAsync(target: FunctionTarget, event: unknown, options?: CallOptions): Promise<{ apiRequestId: string }>;
}

export interface CloudPorts {
  ecm: EcmPort;
  secrets: SecretsPort;
  topic: TopicPort;
  tags: TagPort;
  ledger: LedgerStore;
  functions: FunctionsPort;
}
