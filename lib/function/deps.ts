import { type Config, loadConfig, type PlatformFacts } from './config/config';
import { configWarnings } from './config/config-warnings';
import { createReplayGuard, type ReplayGuard } from './http/replay-guard';
import { V1_REPLAY_WINDOW_MS } from './http/v1-signature';
import { type Clock, systemClock } from './kernel/clock';
import { type AppError, isAppError } from './kernel/errors';
import { createLogger, type Logger } from './kernel/logger';
import { nodeHttp, nodeHttps } from './kernel/node-modules';
import { createSecretCache, type SecretCache } from './kernel/secret-cache';
import { createLedger, type Ledger } from './ledger/ledger';
import type { CloudPorts } from './ports/cloud-ports';
import { createRateLimiters, type RateLimiter } from './ports/rate-limiter';
import { createSlackResponder, type SlackResponder } from './slack/slack-responder';
import { clientOptions } from './tencent/client-options';
import { createCosClient } from './tencent/cos/cos-client';
import { createCosLedgerStore } from './tencent/cos/cos-ledger-store';
import { createEcm } from './tencent/ecm';
import { createFunctions } from './tencent/scf';
import { createSecrets } from './tencent/ssm';
import { createTags } from './tencent/tags';
import { createTopic } from './tencent/topic';

/** Tencent Cloud allows 20 requests/s per action for the APIs we call. */
export const API_RATE_PER_SECOND = 20;

/** The configuration and what is built from it, once per container. */
export interface Configured {
  /** An invalid configuration is kept as its error: every invocation answers with it. */
  readonly config: Config | AppError;
  /** null when the configuration is invalid. */
  readonly ports: CloudPorts | null;
  readonly secrets: SecretCache;
}

/** Everything built once per cold start and reused by warm invocations. */
export interface Deps {
  /**
   * Reads the configuration at the container's first invocation, from the environment and, for the
   * region and UIN it lacks, from what that invocation's SCF context says (`platform`); every later call
   * returns the same (a container never moves to another region or account).
   */
  configure(platform: PlatformFacts): Configured;
  clock: Clock;
  log: Logger;
  limiter: (key: string) => RateLimiter;
  /** The guardrail ledger, which remembers how far this container has read it. */
  ledger: Ledger;
  /** Where a deferred Slack command's outcome is delivered. */
  slack: SlackResponder;
  replay: ReplayGuard;
  /**
   * Logs a warning the first time `event` is seen by this container, and then no more: for how an
   * event reads (a timer `Time` that is no firing time), which repeats on every firing.
   */
  warnOnce: (event: string, fields: Record<string, unknown>) => void;
  random?: () => number;
}

/** A response_url answers quickly or not at all; the topic has the outcome either way. */
const SLACK_RESPONSE_TIMEOUT_MS = 5000;

export interface DepsOverrides {
  slack?: SlackResponder;
  clock?: Clock;
  log?: Logger;
  ports?: CloudPorts;
  random?: () => number;
}

/**
 * The SDK clients with one keep-alive agent, so warm invocations reuse their connections.
 * Through a proxy (RESET_API_PROXY or http_proxy) the SDK tunnels each call with CONNECT instead.
 */
export function createCloudPorts(config: Config): CloudPorts {
  const secure = config.apiEndpoint === null || config.apiEndpoint.protocol === 'https:';
  const keepAlive = { keepAlive: true, maxSockets: 16 };
  const agent = config.apiProxy !== null ? undefined : secure ? new (nodeHttps().Agent)(keepAlive) : new (nodeHttp().Agent)(keepAlive);
  const options = clientOptions(config, agent);
  return {
    ecm: createEcm(options),
    secrets: createSecrets(options),
    topic: createTopic(options),
    tags: createTags(options, { region: config.region, uin: config.uin, form: config.tagResourceForm }),
    ledger: createCosLedgerStore({
      client: createCosClient({
        credentials: config.credentials,
        bucket: config.ledger.bucket,
        region: config.ledger.region,
        endpoint: config.apiEndpoint,
        proxy: config.apiProxy,
        ...(agent === undefined ? {} : { agent }),
        timeoutMs: config.apiTimeoutSeconds * 1000,
        // Requests are signed with real time, as the SDK signs its own: an injected test clock moves logic, not signatures.
        clock: systemClock,
      }),
      prefix: config.ledger.prefix,
    }),
    functions: createFunctions(options),
  };
}

/**
 * The composition root's work: read the environment once, build clients, caches and guards.
 * @example
 * const deps = createDeps(process.env);
 * export const main_handler = createHandler(deps);
 */
export function createDeps(env: Readonly<Record<string, string | undefined>>, overrides: DepsOverrides = {}): Deps {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger((line) => console.log(line));
  // Read on first use, once per container, not while SCF loads the module: the configuration (which
  // needs the first invocation's context), and the cloud ports, whose HTTP agent pulls in node:http(s)
  // (npm run bench, "cold load").
  let configured: Configured | undefined;
  const warned = new Set<string>();
  return {
    configure(platform) {
      if (configured === undefined) {
        const config = loadConfig(env, platform);
        // Once per container: a typo (RESET_COOLDWN) keeps a default the operator thinks is changed.
        for (const w of configWarnings(env)) log.warn(w.code, { variable: w.variable, message: w.message });
        if (isAppError(config)) log.error('config.invalid', { code: config.code, message: config.message, issues: config.issues });
        configured = {
          config,
          ports: isAppError(config) ? null : (overrides.ports ?? createCloudPorts(config)),
          secrets: createSecretCache(isAppError(config) ? 0 : config.secretCacheSeconds * 1000, clock),
        };
      }
      return configured;
    },
    clock,
    log,
    limiter: createRateLimiters(API_RATE_PER_SECOND, clock),
    ledger: createLedger(),
    slack: overrides.slack ?? createSlackResponder(SLACK_RESPONSE_TIMEOUT_MS),
    replay: createReplayGuard({ windowMs: V1_REPLAY_WINDOW_MS }),
    warnOnce: (event, fields) => {
      if (warned.has(event)) return;
      warned.add(event);
      log.warn(event, fields);
    },
    ...(overrides.random ? { random: overrides.random } : {}),
  };
}
