import type { Config } from '../config/config';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { SecretCache } from '../kernel/secret-cache';
import type { Ledger } from '../ledger/ledger';
import { type CloudCalls, createCloudCalls } from '../ports/cloud-calls';
import type { CloudPorts } from '../ports/cloud-ports';
import type { RateLimiter } from '../ports/rate-limiter';

/** Everything one invocation works with; built per invocation from the cold-start dependencies. */
export interface Invocation {
  config: Config;
  /** The guardrail ledger (built once per cold start; it remembers how far it has read). */
  ledger: Ledger;
  cloud: CloudCalls;
  clock: Clock;
  /** Carries the SCF request id on every line (and, inside an intent, its result id). */
  log: Logger;
  secrets: SecretCache;
  functionRequestId: string | null;
  /** Epoch ms by which the invocation should have answered. */
  deadline: number;
  /**
   * Epoch ms after which no ResetInstances call starts: the rest of the time is for giving back
   * the state of what was not sent and publishing the result, so SCF never kills the invocation
   * between a reset and its message.
   */
  resetCutoff: number;
  /**
   * Resets started by this invocation so far. A batch (queue or EventBridge records) is one
   * invocation: its records share RESET_MAX_INSTANCES.
   */
  tally: InvocationTally;
  /** Rebuilds `cloud` around another logger (see `scoped`). */
  readonly cloudFor?: (log: Logger) => CloudCalls;
}

export interface InvocationTally {
  /** Instances whose reset this invocation started. */
  resets: number;
  /**
   * Instances of earlier records that were already reset by those same records (a redelivered
   * batch): they still count toward RESET_MAX_INSTANCES, or each redelivery would reset more.
   */
  duplicates: number;
}

export const newTally = (): InvocationTally => ({ resets: 0, duplicates: 0 });

/** What an invocation is built from: the cold-start dependencies with a valid configuration. */
export interface InvocationDeps {
  config: Config;
  ledger: Ledger;
  ports: CloudPorts;
  clock: Clock;
  log: Logger;
  limiter: (key: string) => RateLimiter;
  secrets: SecretCache;
  random?: () => number;
}

/** Time kept back from SCF's limit to answer and publish. */
const ANSWER_MARGIN_MS = 1500;
/**
 * Time kept back from SCF's limit after the result's publication has given up: to write the
 * dead letter and return. Publishing may use the rest of the answer margin.
 */
const RETURN_MARGIN_MS = 500;
const DEFAULT_TIME_LIMIT_MS = 60_000;

/**
 * The invocation's clock budget and logger: the deadline follows SCF's `time_limit_in_ms`
 * (SCF documents no getRemainingTimeInMillis, 583/9210), and a tenth of the limit (0.5–10 s) is
 * kept after the last ResetInstances call. Every cloud call ends by the deadline (each attempt
 * waits at most min(RESET_API_TIMEOUT, time left)), except publishing the result, which may use
 * the answer margin up to RETURN_MARGIN_MS before SCF's limit.
 */
export function startInvocation(deps: InvocationDeps, context: { request_id?: string | undefined; time_limit_in_ms?: number | undefined }): Invocation {
  const started = deps.clock.now();
  const timeLimit = context.time_limit_in_ms ?? DEFAULT_TIME_LIMIT_MS;
  const deadline = started + timeLimit - ANSWER_MARGIN_MS;
  const publishDeadline = started + timeLimit - RETURN_MARGIN_MS;
  const functionRequestId = context.request_id ?? null;
  const cloudFor = (log: Logger): CloudCalls =>
    createCloudCalls({
      ports: deps.ports,
      clock: deps.clock,
      log,
      limiter: deps.limiter,
      deadline,
      publishDeadline,
      callTimeoutMs: deps.config.apiTimeoutSeconds * 1000,
      ...(deps.random ? { random: deps.random } : {}),
    });
  const log = deps.log.child({ functionRequestId });
  return {
    config: deps.config,
    ledger: deps.ledger,
    clock: deps.clock,
    log,
    secrets: deps.secrets,
    functionRequestId,
    deadline,
    resetCutoff: deadline - Math.min(10_000, Math.max(500, timeLimit / 10)),
    tally: newTally(),
    cloud: cloudFor(log),
    cloudFor,
  };
}

/** The same invocation whose every log line (its cloud calls' too) also carries `keys`. */
export function scoped(inv: Invocation, keys: Record<string, unknown>): Invocation {
  const log = inv.log.child(keys);
  return { ...inv, log, cloud: inv.cloudFor ? inv.cloudFor(log) : inv.cloud };
}
