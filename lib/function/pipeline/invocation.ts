import type { Config } from '../config/config';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { SecretCache } from '../kernel/secret-cache';
import type { CloudCalls } from '../ports/cloud-calls';

/** Everything one invocation works with; built per invocation from the cold-start Deps. */
export interface Invocation {
  config: Config;
  cloud: CloudCalls;
  clock: Clock;
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
   * invocation: its records share RESET_MAX_INSTANCES, and the hourly budget counts the earlier
   * records even if the Tag API has not caught up with their tags yet.
   */
  tally: InvocationTally;
}

export interface InvocationTally {
  /** Instances whose reset this invocation started. */
  resets: number;
  /**
   * Instances of earlier records that were already reset by those same records (a redelivered
   * batch): they still count toward RESET_MAX_INSTANCES, or each redelivery would reset more.
   */
  duplicates: number;
  /** Resets in the last hour as read by the invocation's first reset, before its own. */
  hourBaseline: number | null;
}

export const newTally = (): InvocationTally => ({ resets: 0, duplicates: 0, hourBaseline: null });
