import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { CloudCalls } from '../ports/cloud-calls';

/** What the ledger works with: the cloud, the time and the invocation's deadline, a logger. */
export interface LedgerContext {
  cloud: CloudCalls;
  clock: Clock;
  log: Logger;
  /** Epoch ms by which the invocation should have answered. */
  deadline: number;
}
