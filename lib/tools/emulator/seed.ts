import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { familyOf } from './rules/password-rules';
import { checkManagementSeed, FunctionSeedSchema, PolicySeedSchema, RoleSeedSchema } from './seed-mgmt';

/** `examples/seed.json`, the demo fleet the CLI and the test helper start with. */
export const DEMO_SEED_PATH = fileURLToPath(new URL('../../../examples/seed.json', import.meta.url));

const INSTANCE_ID = /^ein-[a-z0-9]{8}$/;
const IMAGE_ID = /^img-[a-z0-9]{8}$/;
/** `service:Action`, `service:*` or `*`. */
const ACTION_PATTERN = /^(\*|[a-z]+:(\*|[A-Z][A-Za-z0-9]*))$/;
const CREATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** States of ECM's `Instance.InstanceState`. */
export const INSTANCE_STATES = ['PENDING', 'LAUNCH_FAILED', 'RUNNING', 'STOPPED', 'STARTING', 'STOPPING', 'REBOOTING', 'SHUTDOWN', 'TERMINATING'] as const;

export const CredentialSeedSchema = v.strictObject({
  secretId: v.pipe(v.string(), v.nonEmpty('secretId must not be empty')),
  secretKey: v.pipe(v.string(), v.nonEmpty('secretKey must not be empty')),
  /** Temporary credentials: every call must send this as X-TC-Token. */
  token: v.optional(v.nullable(v.pipe(v.string(), v.nonEmpty('token must not be empty when given'))), null),
  /** Actions these credentials may not call, as `service:Action` (`service:*` and `*` work too). */
  deny: v.optional(v.array(v.pipe(v.string(), v.regex(ACTION_PATTERN, 'deny entries look like "ecm:ResetInstances"'))), []),
  /** Account of these credentials: Tag resource names must carry it. */
  uin: v.optional(v.pipe(v.string(), v.regex(/^\d{5,20}$/, 'uin is a string of digits')), '100000000001'),
  appId: v.optional(v.pipe(v.number(), v.integer()), 1250000000),
});

const TagsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.minLength(1, 'tag keys must not be empty'), v.maxLength(127, 'tag keys are at most 127 characters')),
    v.pipe(v.string(), v.maxLength(255, 'tag values are at most 255 characters')),
  ),
  v.check((tags) => Object.keys(tags).length <= 50, 'an instance has at most 50 tags'),
);

export const InstanceSeedSchema = v.strictObject({
  instanceId: v.pipe(v.string(), v.regex(INSTANCE_ID, 'instanceId is "ein-" + 8 lower-case letters or digits')),
  /** Generated from the instance id when absent, so it is stable across restarts. */
  uuid: v.optional(v.pipe(v.string(), v.uuid('uuid must be a UUID'))),
  instanceName: v.string(),
  state: v.optional(v.picklist(INSTANCE_STATES, `state is one of ${INSTANCE_STATES.join(', ')}`), 'RUNNING'),
  imageId: v.pipe(v.string(), v.regex(IMAGE_ID, 'imageId is "img-" + 8 lower-case letters or digits')),
  memoryGb: v.pipe(v.number(), v.minValue(0.5, 'memoryGb must be at least 0.5')),
  osType: v.picklist(['linux', 'windows'], 'osType is linux or windows'),
  tags: v.optional(TagsSchema, {}),
  /** How an emulated reset of this instance ends. */
  resetOutcome: v.optional(v.picklist(['SUCCESS', 'FAILED']), 'SUCCESS'),
  latestOperation: v.optional(v.nullable(v.string()), null),
  /** OPERATING here means an operation that never finishes (until the next seed). */
  latestOperationState: v.optional(v.nullable(v.picklist(['SUCCESS', 'FAILED', 'OPERATING'])), null),
  createTime: v.optional(v.pipe(v.string(), v.regex(CREATE_TIME, 'createTime looks like "2024-01-31 08:00:00"')), '2024-01-01 00:00:00'),
});

export const ImageSeedSchema = v.strictObject({
  imageId: v.pipe(v.string(), v.regex(IMAGE_ID, 'imageId is "img-" + 8 lower-case letters or digits')),
  architecture: v.picklist(['x86_64', 'i386'], 'architecture is x86_64 or i386'),
  /**
   * The OS as DescribeImage names it: a distribution, free text (`CentOS`, `Windows Server 2019`; the CLI's ECM
   * DescribeImage example shows `CentOS`, `Debian`, `SUSE`). DescribeInstances reports the family (`linux` /
   * `windows`: anything naming Windows is Windows).
   */
  osType: v.pipe(v.string(), v.trim(), v.nonEmpty('osType names the image\'s OS, e.g. "CentOS" or "Windows Server 2019"')),
  kind: v.picklist(['public', 'custom', 'shared', 'imported'], 'kind is public, custom, shared or imported'),
  imageName: v.optional(v.string()),
  platform: v.optional(v.string()),
});

const SecretValueSchema = v.union(
  [v.string(), v.strictObject({ binary: v.pipe(v.string(), v.base64('binary must be base64')) })],
  'a secret version is a string or {"binary": "<base64>"}',
);

export const SecretSeedSchema = v.strictObject({
  name: v.pipe(v.string(), v.nonEmpty('secret name must not be empty')),
  versions: v.record(v.pipe(v.string(), v.nonEmpty()), SecretValueSchema),
  status: v.optional(v.picklist(['Enabled', 'Disabled']), 'Enabled'),
});

export const TopicSeedSchema = v.union(
  [
    v.pipe(v.string(), v.nonEmpty()),
    v.strictObject({
      name: v.pipe(v.string(), v.nonEmpty()),
      maxMsgSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(65536))),
    }),
  ],
  'a topic is a name or {"name", "maxMsgSize"}',
);

/**
 * A COS bucket, `BucketName-APPID`: BucketName is 1–50 of `a-z 0-9 -` (COS doc 436/14518), the
 * APPID is the owning account's (a credential with that appId may use it).
 */
const BUCKET_NAME = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-(\d+)$/;
export const BucketSeedSchema = v.strictObject({
  name: v.pipe(
    v.string(),
    v.regex(BUCKET_NAME, 'a bucket name is BucketName-APPID, e.g. "ecm-reset-ledger-1250000000" (lower-case letters, digits and "-")'),
    v.check((name) => (BUCKET_NAME.exec(name)?.[1]?.length ?? 0) <= 50, 'the BucketName before -APPID is at most 50 characters'),
  ),
  region: v.pipe(v.string(), v.regex(/^[a-z]+(-[a-z0-9]+)+$/, 'region looks like "ap-guangzhou"')),
  /** Absent: versioning was never enabled, the only state where x-cos-forbid-overwrite is honoured. */
  versioning: v.optional(v.picklist(['Enabled', 'Suspended'], 'versioning is Enabled or Suspended (absent: never enabled)')),
});

/** The APPID a bucket name ends with. */
export function bucketAppId(name: string): number {
  return Number(BUCKET_NAME.exec(name)?.[2] ?? Number.NaN);
}

/** The emulator's seed file. */
export const SeedSchema = v.pipe(
  v.strictObject({
    description: v.optional(v.string()),
    credentials: v.pipe(v.array(CredentialSeedSchema), v.minLength(1, 'at least one credential is needed')),
    instances: v.optional(v.array(InstanceSeedSchema), []),
    images: v.optional(v.array(ImageSeedSchema), []),
    secrets: v.optional(v.array(SecretSeedSchema), []),
    topics: v.optional(v.array(TopicSeedSchema), []),
    /** COS buckets (the XML API on `<bucket>.cos.<region>.myqcloud.com`), empty at start. */
    buckets: v.optional(v.array(BucketSeedSchema), []),
    resetDurationMs: v.optional(v.pipe(v.number(), v.minValue(0)), 3000),
    rateLimitPerSecond: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 20),
    /** Per-action overrides of rateLimitPerSecond, e.g. {"ssm:GetSecretValue": 300}. */
    rateLimits: v.optional(v.record(v.pipe(v.string(), v.regex(ACTION_PATTERN)), v.pipe(v.number(), v.integer(), v.minValue(1))), {}),
    /** SCF functions that already exist (with their triggers), CAM roles and custom policies (seed-mgmt.ts). */
    functions: v.optional(v.array(FunctionSeedSchema), []),
    roles: v.optional(v.array(RoleSeedSchema), []),
    policies: v.optional(v.array(PolicySeedSchema), []),
    /**
     * The form of an ECM instance's resource name this account's Tag API takes (services/tag-rules.ts): `cam`
     * (`qcs::ecm::uin/<uin>:instance/<id>`) or `regional` (`qcs::ecm:<region>:uin/…`); the other is refused.
     */
    tagResourceForm: v.optional(v.picklist(['cam', 'regional'], 'tagResourceForm is cam or regional'), 'cam'),
    /** The account's APPID, in function URLs (`https://<appid>-<urlid>.<region>.tencentscf.com`). */
    appId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1250000000),
    /** How long SCF's Creating / Updating / Deleting last on the emulator clock before the function settles. */
    scfSettleMs: v.optional(v.pipe(v.number(), v.minValue(0)), 50),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seed = dataset.value;
    const report = (message: string): void => addIssue({ message });
    for (const dup of duplicates(seed.credentials.map((c) => c.secretId))) report(`credential ${dup} is listed twice`);
    for (const dup of duplicates(seed.instances.map((i) => i.instanceId))) report(`instance ${dup} is listed twice`);
    for (const dup of duplicates(seed.images.map((i) => i.imageId))) report(`image ${dup} is listed twice`);
    for (const dup of duplicates(seed.secrets.map((s) => s.name))) report(`secret ${dup} is listed twice`);
    const topicNames = seed.topics.map((t) => (typeof t === 'string' ? t : t.name).toLowerCase());
    for (const dup of duplicates(topicNames)) report(`topic ${dup} is listed twice (topic names are case-insensitive)`);
    const uuids = seed.instances.flatMap((i) => (i.uuid === undefined ? [] : [i.uuid.toLowerCase()]));
    for (const dup of duplicates(uuids)) report(`uuid ${dup} is given to two instances (the alarm's UUID dimension must name one)`);
    for (const dup of duplicates(seed.buckets.map((b) => b.name))) report(`bucket ${dup} is listed twice (bucket names are unique per account)`);
    const appIds = new Set(seed.credentials.map((c) => c.appId));
    for (const bucket of seed.buckets) {
      if (!appIds.has(bucketAppId(bucket.name))) report(`bucket ${bucket.name} belongs to APPID ${bucketAppId(bucket.name)}, which no credential has`);
    }
    const images = new Map(seed.images.map((i) => [i.imageId, i]));
    for (const instance of seed.instances) {
      const image = images.get(instance.imageId);
      if (image === undefined) report(`instance ${instance.instanceId} uses image ${instance.imageId}, which is not in "images"`);
      else if (familyOf(image.osType) !== instance.osType) {
        report(`instance ${instance.instanceId} is osType ${instance.osType} but its image ${image.imageId} is ${image.osType} (${familyOf(image.osType)})`);
      }
    }
    checkManagementSeed(seed, report);
  }),
);

/** A seed as written (optional fields may be left out). */
export type Seed = v.InferInput<typeof SeedSchema>;
/** A validated seed with every default filled in. */
export type ParsedSeed = v.InferOutput<typeof SeedSchema>;
export type InstanceSeed = ParsedSeed['instances'][number];
export type ImageSeed = ParsedSeed['images'][number];
export type CredentialSeed = ParsedSeed['credentials'][number];
export type SecretSeed = ParsedSeed['secrets'][number];
export type BucketSeed = ParsedSeed['buckets'][number];
export type { FunctionSeed, PolicySeed, RoleSeed, TriggerSeed } from './seed-mgmt';

/** A seed that failed validation; the message lists every problem with its path. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
  readonly issues: readonly string[];
  constructor(source: string, issues: readonly string[], options?: ErrorOptions) {
    super(`invalid seed (${source}):\n${issues.map((issue) => `  - ${issue}`).join('\n')}`, options);
    this.issues = issues;
  }
}

/** Validates a seed (already parsed from JSON) and fills in the defaults. */
export function parseSeed(input: unknown, source = 'seed'): ParsedSeed {
  // valibot words these two as "Invalid key"/"Invalid type"; a seed author deserves plainer ones.
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SeedError(source, [
      'a seed is a JSON object: {"credentials": [...], "instances": [...], "images": [...], "secrets": [...], "topics": [...], "buckets": [...]}',
    ]);
  }
  if (!('credentials' in input)) throw new SeedError(source, ['credentials: at least one credential is needed ({"secretId", "secretKey", "token": null})']);
  const result = v.safeParse(SeedSchema, input);
  if (!result.success) {
    throw new SeedError(
      source,
      result.issues.map((issue) => {
        const path = v.getDotPath(issue);
        return path === null || path === '' ? issue.message : `${path}: ${issue.message}`;
      }),
    );
  }
  return result.output;
}

/** Reads and validates a seed file. */
export async function loadSeed(file: string): Promise<ParsedSeed> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(file, [`not valid JSON: ${(error as Error).message}`], { cause: error });
  }
  return parseSeed(json, file);
}

/** The seed's uuid, or a stable one derived from the instance id (shaped like a v4 UUID). */
export function instanceUuid(instance: Pick<InstanceSeed, 'instanceId' | 'uuid'>): string {
  if (instance.uuid !== undefined) return instance.uuid;
  const hex = createHash('sha256').update(instance.instanceId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const value of values) (seen.has(value) ? dups : seen).add(value);
  return [...dups];
}
