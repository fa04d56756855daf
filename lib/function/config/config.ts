import * as v from 'valibot';
import { echoJson } from '../kernel/echo';
import { AppError, type Issue } from '../kernel/errors';
import { issuesOf } from '../kernel/issues';
import { type AllowList, parseAllowList } from './allow-list';

/** The function's configuration, read once per cold start from its environment. */
export interface Config {
  credentials: { secretId: string; secretKey: string; token: string | null };
  region: string;
  /** Tencent account UIN: the Tag API names resources `qcs::ecm:<region>:uin/<uin>:instance/<id>`. */
  uin: string;
  /** Base URL every Tencent Cloud API call goes to (the emulator); null = real endpoints. */
  apiEndpoint: URL | null;
  /** HTTP proxy for API calls (reached with CONNECT), from RESET_API_PROXY or the SDK's http_proxy. */
  apiProxy: URL | null;
  topic: string;
  /** The COS bucket (BucketName-APPID) and key prefix of the guardrail ledger, and the bucket's region. */
  ledger: { bucket: string; prefix: string; region: string };
  /**
   * The topic's `MaxMsgSize` in bytes (1024–65536, default 65536: CreateCmqTopic, doc 1179/55915):
   * every published message is fitted into it.
   */
  topicMaxBytes: number;
  passwordSecret: string | null;
  passwordSecretVersion: string;
  allow: AllowList;
  maxInstances: number;
  /** Limit for timer-triggered requests (fleet schedules raise their own limit explicitly). */
  maxInstancesTimer: number;
  maxPerHour: number;
  cooldownSeconds: number;
  escalateAfter: number;
  allowDataWipe: boolean;
  dryRun: boolean;
  authSecret: string | null;
  slackSecret: string | null;
  slackUsers: ReadonlySet<string>;
  slackChannels: ReadonlySet<string>;
  /** Seconds after a reset starts before an unfinished instance is reported as timed out. */
  completionTimeoutSeconds: number;
  /** Per-call timeout of Tencent Cloud API requests. */
  apiTimeoutSeconds: number;
  /** How long a fetched password (and caller keys) may be reused by a warm instance. */
  secretCacheSeconds: number;
}

/** A CMQ topic's `MaxMsgSize`: 1024–65536 bytes, 65536 unless set otherwise (CreateCmqTopic, doc 1179/55915). */
export const TOPIC_MAX_BYTES = { min: 1024, max: 65_536, default: 65_536 } as const;

type Env = Readonly<Record<string, string | undefined>>;

const text = (name: string) => v.pipe(v.string(`${name} is required`), v.trim(), v.minLength(1, `${name} is required`));

const optionalText = v.optional(v.pipe(v.string(), v.trim()), '');

const integer = (name: string, fallback: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.pipe(v.string(), v.trim()), ''),
    v.transform((s) => (s === '' ? fallback : Number(s))),
    v.number(`${name} must be a whole number from ${min} to ${max}`),
    v.check((n) => Number.isInteger(n) && n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}`),
  );

const flag = (name: string) =>
  v.pipe(
    v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase()), ''),
    v.check((s) => s === '' || s === 'true' || s === 'false', `${name} must be true or false`),
    v.transform((s) => s === 'true'),
  );

const csvSet = v.pipe(
  optionalText,
  v.transform(
    (s) =>
      new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      ),
  ),
);

const EnvSchema = v.object(
  {
    TENCENTCLOUD_SECRETID: text('TENCENTCLOUD_SECRETID'),
    TENCENTCLOUD_SECRETKEY: text('TENCENTCLOUD_SECRETKEY'),
    TENCENTCLOUD_SESSIONTOKEN: optionalText,
    TENCENTCLOUD_REGION: text('TENCENTCLOUD_REGION'),
    TENCENTCLOUD_UIN: text('TENCENTCLOUD_UIN'),
    RESET_API_ENDPOINT: v.pipe(
      optionalText,
      v.check((s) => s === '' || /^https?:\/\/[^/?#]+\/?$/.test(s), 'RESET_API_ENDPOINT must be a base URL such as http://127.0.0.1:4566'),
    ),
    RESET_API_PROXY: v.pipe(
      optionalText,
      v.check((s) => s === '' || /^https?:\/\/[^/?#]+\/?$/.test(s), 'RESET_API_PROXY must be a proxy URL such as http://proxy.internal:3128'),
    ),
    http_proxy: v.pipe(
      optionalText,
      v.check((s) => s === '' || /^https?:\/\/[^/?#]+\/?$/.test(s), 'http_proxy must be a proxy URL such as http://proxy.internal:3128'),
    ),
    RESET_TOPIC: v.pipe(
      text('RESET_TOPIC'),
      // Empty is already "required": one issue per variable.
      v.check(
        (s) => s === '' || /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(s),
        'RESET_TOPIC must be a CMQ topic name (a letter, then up to 63 letters, digits, - or _)',
      ),
    ),
    RESET_LEDGER_BUCKET: v.pipe(
      text('RESET_LEDGER_BUCKET'),
      // COS bucket names: lower-case letters, digits and -, 1-50 characters, then -APPID (COS doc 436/13312, 436/7738).
      v.check(
        (s) => s === '' || /^[a-z0-9][a-z0-9-]{0,49}-\d{5,12}$/.test(s),
        'RESET_LEDGER_BUCKET must be a COS bucket name with its APPID, such as ecm-reset-ledger-1250000000',
      ),
    ),
    RESET_LEDGER_PREFIX: v.pipe(
      v.optional(v.pipe(v.string(), v.trim()), ''),
      v.check((s) => s === '' || /^[A-Za-z0-9_.\-/]{1,200}\/$/.test(s), 'RESET_LEDGER_PREFIX must be a key prefix ending in /, such as ecm-reset/'),
    ),
    RESET_LEDGER_REGION: optionalText,
    RESET_TOPIC_MAX_BYTES: integer('RESET_TOPIC_MAX_BYTES', TOPIC_MAX_BYTES.default, TOPIC_MAX_BYTES.min, TOPIC_MAX_BYTES.max),
    RESET_PASSWORD_SECRET: optionalText,
    RESET_PASSWORD_SECRET_VERSION: v.pipe(
      optionalText,
      v.transform((s) => (s === '' ? 'SSM_Current' : s)),
    ),
    RESET_ALLOW: optionalText,
    RESET_MAX_INSTANCES: integer('RESET_MAX_INSTANCES', 10, 1, 10_000),
    RESET_MAX_INSTANCES_TIMER: v.optional(v.pipe(v.string(), v.trim()), ''),
    RESET_MAX_PER_HOUR: integer('RESET_MAX_PER_HOUR', 50, 1, 100_000),
    RESET_COOLDOWN: integer('RESET_COOLDOWN', 3600, 0, 30 * 86_400),
    RESET_ESCALATE_AFTER: integer('RESET_ESCALATE_AFTER', 3, 1, 20),
    RESET_ALLOW_DATA_WIPE: flag('RESET_ALLOW_DATA_WIPE'),
    RESET_DRY_RUN: flag('RESET_DRY_RUN'),
    RESET_AUTH_SECRET: optionalText,
    RESET_SLACK_SECRET: optionalText,
    RESET_SLACK_USERS: csvSet,
    RESET_SLACK_CHANNELS: csvSet,
    RESET_COMPLETION_TIMEOUT: integer('RESET_COMPLETION_TIMEOUT', 1800, 10, 86_400),
    RESET_API_TIMEOUT: integer('RESET_API_TIMEOUT', 10, 1, 120),
    RESET_SECRET_CACHE_SECONDS: integer('RESET_SECRET_CACHE_SECONDS', 300, 0, 3600),
  },
  (issue) => {
    // valibot reports a missing variable at the object, in its own words: name it plainly.
    const key = issue.path?.[issue.path.length - 1]?.key;
    return key === undefined ? 'the environment must be an object' : `${String(key)} is required`;
  },
);

/** Every variable the configuration reads (what an unknown RESET_* name is compared with). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.entries);

const nullIfEmpty = (s: string): string | null => (s === '' ? null : s);

/**
 * Reads and checks the whole environment at once.
 * @returns the frozen Config, or one ConfigError naming every bad variable (never their values)
 * @example
 * const config = loadConfig(process.env);
 * if (config instanceof AppError) console.error(config.message);
 */
export function loadConfig(env: Env): Config | AppError {
  const parsed = v.safeParse(EnvSchema, env);
  const issues: Issue[] = parsed.success ? [] : issuesOf(parsed.issues);

  // Checked from the raw text even when the schema failed, so one error names every bad variable.
  const { allow, invalid } = parseAllowList((env['RESET_ALLOW'] ?? '').trim());
  for (const entry of invalid) {
    issues.push({ path: 'RESET_ALLOW', message: `RESET_ALLOW entry ${echoJson(entry)} is not an instance id, tag:KEY=VALUE or *` });
  }
  const timerText = (env['RESET_MAX_INSTANCES_TIMER'] ?? '').trim();
  const timerLimit = timerText === '' ? null : Number(timerText);
  if (timerLimit !== null && (!Number.isInteger(timerLimit) || timerLimit < 1 || timerLimit > 100_000)) {
    issues.push({ path: 'RESET_MAX_INSTANCES_TIMER', message: 'RESET_MAX_INSTANCES_TIMER must be a whole number from 1 to 100000' });
  }
  if (!parsed.success || issues.length > 0) return configError(issues);

  const e = parsed.output;
  const maxInstancesTimer = timerLimit ?? e.RESET_MAX_INSTANCES;

  return Object.freeze({
    credentials: {
      secretId: e.TENCENTCLOUD_SECRETID,
      secretKey: e.TENCENTCLOUD_SECRETKEY,
      token: nullIfEmpty(e.TENCENTCLOUD_SESSIONTOKEN),
    },
    region: e.TENCENTCLOUD_REGION,
    uin: e.TENCENTCLOUD_UIN,
    apiEndpoint: e.RESET_API_ENDPOINT === '' ? null : new URL(e.RESET_API_ENDPOINT),
    apiProxy: proxyUrl(e.RESET_API_PROXY || e.http_proxy),
    topic: e.RESET_TOPIC,
    ledger: {
      bucket: e.RESET_LEDGER_BUCKET,
      prefix: e.RESET_LEDGER_PREFIX === '' ? 'ecm-reset/' : e.RESET_LEDGER_PREFIX,
      region: e.RESET_LEDGER_REGION === '' ? e.TENCENTCLOUD_REGION : e.RESET_LEDGER_REGION,
    },
    topicMaxBytes: e.RESET_TOPIC_MAX_BYTES,
    passwordSecret: nullIfEmpty(e.RESET_PASSWORD_SECRET),
    passwordSecretVersion: e.RESET_PASSWORD_SECRET_VERSION,
    allow,
    maxInstances: e.RESET_MAX_INSTANCES,
    maxInstancesTimer,
    maxPerHour: e.RESET_MAX_PER_HOUR,
    cooldownSeconds: e.RESET_COOLDOWN,
    escalateAfter: e.RESET_ESCALATE_AFTER,
    allowDataWipe: e.RESET_ALLOW_DATA_WIPE,
    dryRun: e.RESET_DRY_RUN,
    authSecret: nullIfEmpty(e.RESET_AUTH_SECRET),
    slackSecret: nullIfEmpty(e.RESET_SLACK_SECRET),
    slackUsers: e.RESET_SLACK_USERS,
    slackChannels: e.RESET_SLACK_CHANNELS,
    completionTimeoutSeconds: e.RESET_COMPLETION_TIMEOUT,
    apiTimeoutSeconds: e.RESET_API_TIMEOUT,
    secretCacheSeconds: e.RESET_SECRET_CACHE_SECONDS,
  });
}

const proxyUrl = (s: string): URL | null => (s === '' ? null : new URL(s));

function configError(issues: Issue[]): AppError {
  const names = [...new Set(issues.map((i) => i.path).filter((p) => p !== ''))];
  return new AppError('Config.Invalid', `invalid configuration (${names.join(', ')}): ${issues.map((i) => i.message).join('; ')}`, { issues });
}
