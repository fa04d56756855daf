/**
 * Helpers shared by the guardrail tests: events signed at the test clock's time (so
 * `clock.advance` does not make them stale), Slack and alarm callbacks, and the checks every
 * refusal must pass.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { TERMINAL_TYPES } from '../../lib/function/result/result-message';
import { DEMO_SEED_PATH } from '../../lib/tools/emulator/index';
import { DEMO_KEYS, type FunctionOptions, type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from './function';

/** The demo's Slack signing secret, read from examples/seed.json as a deployer would put it in SSM. */
export const SLACK_SECRET: string = (() => {
  const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as { secrets: { name: string; versions: Record<string, string> }[] };
  const value = seed.secrets.find((s) => s.name === 'ecm-reset/slack-signing-secret')?.versions['SSM_Current'];
  if (value === undefined) throw new Error('the demo seed has no Slack signing secret');
  return value;
})();

export const DEMO_PASSWORD = 'Demo-Reset#2024x';
export const SLACK_USER = 'U2CERLKJA';
export const SLACK_CHANNEL = 'G8PSS9T3V';
/** UUID of ein-aaaaaaaa (web-1) and ein-db000001 (db-1) in the demo seed. */
export const UUID_WEB1 = '4ef19d31-3117-455c-ae8e-2029a07d8999';
export const UUID_DB1 = '9d2e6f14-8a3b-4c5d-b1e7-3f4a5b6c7d8e';

/** The demo function with the Slack allow-list of the demo and an instant-reset emulator unless told otherwise. */
export function startGuarded(options: FunctionOptions = {}): Promise<FunctionUnderTest> {
  return startFunction({
    ...options,
    env: { RESET_SLACK_USERS: SLACK_USER, RESET_SLACK_CHANNELS: SLACK_CHANNEL, ...options.env },
  });
}

export const nowSeconds = (fut: FunctionUnderTest): number => Math.floor(fut.clock.now() / 1000);

/** `POST /reset`, v1-signed at the function's current time (unless a timestamp is given). */
export function signed(fut: FunctionUnderTest, body: unknown, options: Parameters<typeof signedResetEvent>[1] = {}): Record<string, unknown> {
  return signedResetEvent(body, { timestamp: nowSeconds(fut), ...options });
}

/** Invokes and parses the integrated HTTP answer. */
export async function http(fut: FunctionUnderTest, event: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return httpAnswer(await fut.invoke(event));
}

export interface SlackForm {
  user_id?: string;
  channel_id?: string;
  text: string;
  trigger_id?: string;
}

/** A Slack slash command, form-encoded and signed with Slack's v0 scheme. */
export function slackEvent(
  fut: FunctionUnderTest,
  form: SlackForm,
  options: { secret?: string; timestamp?: number; signature?: string | null; rawOverride?: string; responseUrl?: string } = {},
): Record<string, unknown> {
  const raw = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: form.channel_id ?? SLACK_CHANNEL,
    channel_name: 'ops',
    user_id: form.user_id ?? SLACK_USER,
    user_name: 'alice',
    command: '/reset',
    text: form.text,
    response_url: options.responseUrl ?? 'https://hooks.slack.com/commands/T0001/1/abc',
    trigger_id: form.trigger_id ?? `13345224609.738474920.${Math.random().toString(16).slice(2)}`,
  }).toString();
  const ts = options.timestamp ?? nowSeconds(fut);
  const signature = `v0=${createHmac('sha256', options.secret ?? SLACK_SECRET)
    .update(`v0:${ts}:${raw}`, 'utf8')
    .digest('hex')}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts) };
  if (options.signature !== null) headers['x-slack-signature'] = options.signature ?? signature;
  return {
    httpMethod: 'POST',
    path: '/slack',
    headers,
    requestContext: { serviceId: 'service-test', path: '/slack', httpMethod: 'POST', stage: 'release', sourceIp: '127.0.0.1' },
    queryString: {},
    body: options.rawOverride ?? raw,
    isBase64Encoded: false,
  };
}

/** A Cloud Monitor alarm callback naming the instance by its UUID (as ECM metrics do). */
export function alarmBody(
  sessionId: string,
  dimensions: Record<string, string> = { UUID: UUID_WEB1 },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    sessionId,
    alarmStatus: '1',
    alarmType: 'metric',
    alarmObjInfo: { region: 'gz', namespace: 'qce/ecm', appId: '1250000000', uin: '100012345678', dimensions },
    alarmPolicyInfo: { policyId: 'policy-n4exeh88', policyName: 'ecm-cpu-stuck', conditions: { metricName: 'CpuUsage', currentValue: '100' } },
    firstOccurTime: '2024-05-01 03:10:00',
    durationTime: 300,
    recoverTime: '0',
    ...extra,
  };
}

/** `POST /alarm?token=…` as API Gateway delivers it. */
export function alarmEvent(body: unknown, auth: { token?: string; basic?: string } = { token: DEMO_KEYS[0] }): Record<string, unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.basic !== undefined) headers['authorization'] = `Basic ${Buffer.from(`cloudmonitor:${auth.basic}`).toString('base64')}`;
  return {
    httpMethod: 'POST',
    path: '/alarm',
    headers,
    requestContext: { serviceId: 'service-test', path: '/alarm', httpMethod: 'POST', stage: 'release', sourceIp: '203.0.113.20' },
    queryString: auth.token === undefined ? {} : { token: auth.token },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/** Messages and calls from a point on: each test looks only at what its own invocations did. */
export interface Mark {
  messages: number;
  calls: number;
}

export const mark = (fut: FunctionUnderTest): Mark => ({ messages: fut.messages().length, calls: fut.calls().length });
export const messagesSince = (fut: FunctionUnderTest, m: Mark): Record<string, unknown>[] => fut.messages().slice(m.messages);
export const callsSince = (fut: FunctionUnderTest, m: Mark, action?: string) =>
  fut
    .calls()
    .slice(m.calls)
    .filter((c) => action === undefined || c.action === action);
export const resetsSince = (fut: FunctionUnderTest, m: Mark) => callsSince(fut, m, 'ResetInstances');

const isTerminal = (msg: Record<string, unknown>): boolean => (TERMINAL_TYPES as readonly unknown[]).includes(msg['type']);

/**
 * The checks of an authenticated request refused by a guardrail: no ResetInstances call, exactly
 * one terminal message (reset.rejected unless told) whose error has `code` and a message matching.
 */
export function expectRefused(fut: FunctionUnderTest, since: Mark, code: string, message: RegExp, type = 'reset.rejected'): Record<string, unknown> {
  expect(resetsSince(fut, since)).toHaveLength(0);
  const terminal = messagesSince(fut, since).filter(isTerminal);
  expect(terminal).toHaveLength(1);
  const msg = terminal[0] as Record<string, unknown>;
  expect(msg['type']).toBe(type);
  const text = JSON.stringify([msg['error'], msg['results']]);
  expect(text).toContain(code);
  expect(text).toMatch(message);
  return msg;
}

/** An unauthenticated HTTP request: 401, nothing published, nothing read or reset. */
export function expectUnauthenticated(fut: FunctionUnderTest, since: Mark, answer: { status: number; body: Record<string, unknown> }, message: RegExp): void {
  expect(answer.status).toBe(401);
  const error = answer.body['error'] as { code: string; message: string };
  expect(error.code).toBe('Auth.Unauthenticated');
  expect(error.message).toMatch(message);
  expect(messagesSince(fut, since)).toHaveLength(0);
  expect(resetsSince(fut, since)).toHaveLength(0);
  // The body was never trusted: not even a DescribeInstances for what it names.
  expect(callsSince(fut, since, 'DescribeInstances')).toHaveLength(0);
}

/** The error of an HTTP answer body. */
export const errorOf = (body: Record<string, unknown>): { code: string; message: string } => body['error'] as { code: string; message: string };
