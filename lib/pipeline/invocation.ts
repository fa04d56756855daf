import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SecretCache } from '../secret-cache';
import type { CloudCalls } from './cloud-calls';

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
}
