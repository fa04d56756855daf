import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ADMIN_PREFIX, handleAdminRequest } from './admin';
import { handleApiRequest } from './api-handler';
import type { CallRecord } from './call-log';
import { createCallLog } from './call-log';
import { cosTargetOf, handleCosRequest } from './cos/cos-handler';
import type { FaultInjector } from './faults';
import { createFaultInjector } from './faults';
import { sendJson } from './http-io';
import type { InvokeHandler } from './invoke-dispatch';
import { InvokeDispatcher } from './invoke-dispatch';
import { createRateLimiter } from './rate-limiter';
import type { EmulatorLogger, EmulatorRuntime, EmulatorStats } from './runtime';
import type { Seed } from './seed';
import { parseSeed } from './seed';
import type { StateSnapshot } from './snapshot';
import { snapshotState } from './snapshot';
import type { PublishedMessage } from './state';
import { EmulatorState } from './state';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1: the emulator has no business on other interfaces. */
  readonly host?: string;
  readonly seed: Seed;
  /** Emulator clock in ms (default Date.now): drives reset lifecycles and message times. */
  readonly now?: () => number;
  /**
   * Clock for X-TC-Timestamp checks and rate limits (default Date.now). Kept apart from
   * `now` because the SDK signs with real time: a test can jump `now` an hour ahead
   * without every signature expiring.
   */
  readonly wallClock?: () => number;
  readonly logger?: EmulatorLogger;
  /** Stands for SCF functions: SCF Invoke hands it each event (see `Emulator.onInvoke`). */
  readonly onInvoke?: InvokeHandler;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:PORT`, what `profile.httpProfile.endpoint` takes. */
  readonly endpoint: string;
  /** A fresh plain-data snapshot on every read (as `GET /_emulator/state`). */
  readonly state: StateSnapshot;
  /** The live state, for tests that need to look deeper or arrange something. */
  readonly store: EmulatorState;
  readonly calls: readonly CallRecord[];
  readonly messages: readonly PublishedMessage[];
  readonly faults: FaultInjector;
  readonly stats: Readonly<EmulatorStats>;
  /** The emulator clock (injected clock plus any advance). */
  now(): number;
  advanceClock(ms: number): void;
  /** Replaces the whole state (and clears messages, faults and rate windows; the call log stays). */
  reseed(seed: Seed): void;
  /** Back to the current seed's state, as `POST /_emulator/reset` (reseed with the same seed). */
  reset(): void;
  /**
   * Registers what to do after every reset (`reset()` or `POST /_emulator/reset`), or null for
   * nothing: the dev stack starts its function anew, as its caches hold the old state.
   */
  onReset(listener: (() => void) | null): void;
  /**
   * Registers what stands for SCF functions (null: none). Invoke with InvocationType `Event` records the
   * invocation and hands the event to the handler after the API has answered; `RequestResponse` awaits
   * the handler and answers its result. With no handler, Event invocations stay `pending`.
   */
  onInvoke(handler: InvokeHandler | null): void;
  /** Resolves once every Event delivery under way has finished. */
  drainInvocations(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the local Tencent Cloud API 3.0 emulator (ECM, SSM, TDMQ CMQ, Tag, SCF, CAM) and COS's XML
 * API (requests whose Host is `<bucket>.cos.<region>.myqcloud.com`).
 *
 * @example
 * const emulator = await createEmulator({ seed: await loadSeed(DEMO_SEED_PATH) });
 * const ecm = new EcmClient({ credential, profile: { httpProfile: { endpoint: emulator.endpoint, protocol: 'http://' } } });
 * await emulator.close();
 */
export async function createEmulator(options: EmulatorOptions): Promise<Emulator> {
  const baseNow = options.now ?? Date.now;
  const wallNow = options.wallClock ?? Date.now;
  let clockOffset = 0;
  let state = new EmulatorState(parseSeed(options.seed));
  const closing = new AbortController();
  const stats: EmulatorStats = { connections: 0, requests: 0, apiRequests: 0, adminRequests: 0 };
  const runtime: EmulatorRuntime = {
    state: () => state,
    now: () => baseNow() + clockOffset,
    wallNow,
    calls: createCallLog(),
    faults: createFaultInjector(),
    rateLimiter: createRateLimiter(),
    stats,
    logger: options.logger,
    invoker: new InvokeDispatcher(options.onInvoke ?? null),
    sleep: (ms) => delay(ms, true, { signal: closing.signal }).catch(() => false),
  };
  const reseed = (seed: unknown): void => {
    state = new EmulatorState(parseSeed(seed));
    runtime.faults.clear();
    runtime.rateLimiter.clear();
  };
  let resetListener: (() => void) | null = null;
  const reset = (): void => {
    reseed(state.seed);
    resetListener?.();
  };
  const advanceClock = (ms: number): void => {
    clockOffset += ms;
  };

  const server = createServer((req, res) => {
    stats.requests += 1;
    // COS is told apart by its Host (`<bucket>.cos.<region>.myqcloud.com`), so any path, `/_emulator/…` too, is an object key there.
    const cos = cosTargetOf(req.headers.host);
    const isAdmin = cos === null && (req.url ?? '/').startsWith(ADMIN_PREFIX);
    if (isAdmin) stats.adminRequests += 1;
    else stats.apiRequests += 1;
    const handled =
      cos !== null
        ? handleCosRequest(req, res, runtime, cos)
        : isAdmin
          ? handleAdminRequest(req, res, runtime, { reseed, reset, advanceClock })
          : handleApiRequest(req, res, runtime);
    handled.catch((error: unknown) => {
      // A bug in the emulator must not look like a cloud answer the code under test could trust.
      options.logger?.warn('emulator internal error', { error: error instanceof Error ? error.message : String(error) });
      sendJson(res, 500, { error: { code: 'EmulatorInternalError', message: 'the emulator failed; see its log' } });
    });
  });
  server.on('connection', () => {
    stats.connections += 1;
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `http://${endpoint}`,
    port,
    endpoint,
    get state() {
      return snapshotState(state, runtime.now());
    },
    get store() {
      return state;
    },
    get calls() {
      return runtime.calls.list();
    },
    get messages() {
      return [...state.tdmq.messages];
    },
    faults: runtime.faults,
    get stats() {
      return { ...stats };
    },
    now: runtime.now,
    advanceClock,
    reseed,
    reset,
    onReset: (listener) => {
      resetListener = listener;
    },
    onInvoke: (handler) => {
      runtime.invoker.handler = handler;
    },
    drainInvocations: () => runtime.invoker.drain(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
