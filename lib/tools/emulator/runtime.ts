import type { CallLog } from './call-log';
import type { FaultInjector } from './faults';
import type { InvokeDispatcher } from './invoke-dispatch';
import type { RateLimiter } from './rate-limiter';
import type { EmulatorState } from './state';

/** Where the emulator reports each API call. Never given a secret value. */
export interface EmulatorLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Connection and request counters (connections prove keep-alive reuse). */
export interface EmulatorStats {
  connections: number;
  requests: number;
  apiRequests: number;
  adminRequests: number;
}

/** The shared pieces the API and admin handlers work on. */
export interface EmulatorRuntime {
  readonly state: () => EmulatorState;
  /** Emulator clock (ms): drives resets and timestamps; tests may inject or advance it. */
  readonly now: () => number;
  /** Wall clock (ms): judges X-TC-Timestamp and rate limits, which are about real time. */
  readonly wallNow: () => number;
  readonly calls: CallLog;
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter;
  readonly stats: EmulatorStats;
  readonly logger: EmulatorLogger | undefined;
  /** SCF Invoke's handler and the deliveries under way. */
  readonly invoker: InvokeDispatcher;
  /** Resolves true after `ms`, or false early when the emulator closes. */
  readonly sleep: (ms: number) => Promise<boolean>;
}
