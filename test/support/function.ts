import { createDeps, type Deps } from '../../lib/function/deps';
import { createHandler } from '../../lib/function/handler';
import { signV1 } from '../../lib/function/http/v1-signature';
import { type Clock, sleepFor } from '../../lib/function/kernel/clock';
import { createLogger } from '../../lib/function/kernel/logger';
import type { Seed } from '../../lib/tools/emulator/index';
import { type StartedEmulator, startEmulator, TEST_REGION } from './emulator';

/** Real time plus an offset that tests move forward; shared by the function and the emulator. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: sleepFor,
    advance(ms) {
      offset += ms;
    },
  };
}

/** The demo auth keys (examples/seed.json `ecm-reset/auth-keys`). */
export const DEMO_KEYS = [
  '3f8a1c9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a',
  'a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3f8a1c9e5b7d2f4a6c8e0b1d3f5',
] as const;

export interface FunctionUnderTest {
  emu: StartedEmulator;
  clock: TestClock;
  env: Record<string, string>;
  deps: Deps;
  logs: string[];
  invoke(event: unknown, context?: Record<string, unknown>): Promise<unknown>;
  /** A new cold start with a changed environment, same emulator and clock. */
  restart(env?: Record<string, string>): void;
  /** API calls the emulator saw, optionally only one action. */
  calls(action?: string): { action: string | null; params: unknown; error: { code: string } | null }[];
  /** Result messages published so far, parsed. */
  messages(): Record<string, unknown>[];
  /**
   * Lets the function invoke itself, as SCF does (the emulator's SCF Invoke hands the event to
   * this function's handler); returns the context naming it, to pass to `invoke`.
   */
  selfInvoking(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface FunctionOptions {
  seed?: Partial<Seed>;
  env?: Record<string, string>;
}

/** The demo configuration of the function against `emu` (the emulator's first credential). */
export function demoEnv(emu: StartedEmulator): Record<string, string> {
  return {
    TENCENTCLOUD_SECRETID: emu.credential.secretId,
    TENCENTCLOUD_SECRETKEY: emu.credential.secretKey,
    TENCENTCLOUD_REGION: TEST_REGION,
    TENCENTCLOUD_UIN: '100012345678',
    RESET_API_ENDPOINT: emu.emulator.url,
    RESET_TOPIC: 'ecm-reset-results',
    RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000',
    RESET_PASSWORD_SECRET: 'ecm-reset/root-password',
    RESET_AUTH_SECRET: 'ecm-reset/auth-keys',
    RESET_SLACK_SECRET: 'ecm-reset/slack-signing-secret',
    RESET_ALLOW: 'tag:env=staging,tag:fleet=nightly,ein-aaaaaaaa,ein-bbbbbbbb',
  };
}

/** The function wired to a fresh emulator, as SCF would run it, with the demo configuration. */
export async function startFunction(options: FunctionOptions = {}): Promise<FunctionUnderTest> {
  const clock = createTestClock();
  const emu = await startEmulator(options.seed ?? {}, { now: clock.now });
  const logs: string[] = [];
  const baseEnv = demoEnv(emu);
  const build = (env: Record<string, string>) => createDeps(env, { clock, log: createLogger((line) => logs.push(line)) });
  const fut: FunctionUnderTest = {
    emu,
    clock,
    env: { ...baseEnv, ...options.env },
    deps: undefined as unknown as Deps,
    logs,
    invoke: (event, context = {}) =>
      createHandler(fut.deps)(event, { request_id: `req-${Math.random().toString(16).slice(2)}`, time_limit_in_ms: 30_000, ...context }),
    restart(env = {}) {
      fut.env = { ...fut.env, ...env };
      fut.deps = build(fut.env);
    },
    calls: (action) =>
      emu.emulator.calls.filter((c) => action === undefined || c.action === action).map((c) => ({ action: c.action, params: c.params, error: c.error })),
    messages: () => emu.emulator.messages.map((m) => JSON.parse(m.content) as Record<string, unknown>),
    selfInvoking() {
      const context = { function_name: 'ecm-reset-local', namespace: 'default', function_version: '$LATEST' };
      emu.emulator.onInvoke(async ({ event }) => fut.invoke(event, context));
      return context;
    },
    close: () => emu.close(),
  };
  fut.deps = build(fut.env);
  return fut;
}

/** An API Gateway event for `POST /reset`, signed with the v1 scheme. */
export function signedResetEvent(body: unknown, options: { key?: string; timestamp?: number; path?: string; raw?: string } = {}): Record<string, unknown> {
  const raw = options.raw ?? JSON.stringify(body);
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    httpMethod: 'POST',
    path: options.path ?? '/reset',
    headers: {
      'content-type': 'application/json',
      'x-reset-timestamp': String(ts),
      'x-reset-signature': signV1(options.key ?? DEMO_KEYS[0], ts, raw),
      'x-api-requestid': `apigw-${Math.random().toString(16).slice(2)}`,
    },
    requestContext: { serviceId: 'service-test', path: '/reset', httpMethod: 'POST', stage: 'release', sourceIp: '127.0.0.1' },
    queryString: {},
    body: raw,
    isBase64Encoded: false,
  };
}

/** Parses an integrated HTTP response. */
export function httpAnswer(r: unknown): { status: number; body: Record<string, unknown> } {
  const res = r as { statusCode: number; body: string };
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}

/** An instance's tags as the emulator holds them now (its DescribeInstances TagSet). */
export function instanceTags(fut: FunctionUnderTest, instanceId: string): Record<string, string> {
  const found = fut.emu.emulator.state.instances.find((i) => i.InstanceId === instanceId);
  if (found === undefined) throw new Error(`no ${instanceId} in the emulator`);
  return Object.fromEntries((found.TagSet ?? []).map((t) => [t.Key, t.Value]));
}
