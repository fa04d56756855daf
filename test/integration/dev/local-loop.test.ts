/**
 * The local loop: Slack through SCF Invoke, the function reloaded in a new process with the emulator's
 * state kept, the demo reset (console button and POST /_emulator/reset), the console's guardrail and
 * call views, and the legacy API Gateway event shape (--apigw).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signV1 } from '../../../lib/function/http/v1-signature';
import { callReset } from '../../../lib/tools/client/reset-client';
import { banner } from '../../../lib/tools/dev/banner';
import type { ConsoleCall, ConsoleInstance } from '../../../lib/tools/dev/console/console-routes';
import { type LocalStack, startLocalStack } from '../../../lib/tools/dev/start';
import { DEMO_KEYS } from '../../support/function';
import { ROOT } from '../../support/process';

let stack: LocalStack;
let watched: string;
const lines: string[] = [];

beforeAll(async () => {
  watched = mkdtempSync(join(tmpdir(), 'ecm-reset-watch-'));
  stack = await startLocalStack({ port: 0, emulatorPort: 0, shell: {}, watch: [watched], log: (line) => lines.push(line) });
});

afterAll(async () => {
  await stack?.close();
  rmSync(watched, { recursive: true, force: true });
});

const bash = (command: string) =>
  new Promise<string>((resolve, reject) => execFile('bash', ['-c', command], { cwd: ROOT }, (error, out) => (error ? reject(error) : resolve(out))));

const consoleState = async () =>
  (await (await fetch(`${stack.apiUrl}/_console/state?since=0`)).json()) as { instances: ConsoleInstance[]; calls: ConsoleCall[]; messages: unknown[] };

const guardrailsOf = async (id: string) => (await consoleState()).instances.find((i) => i.id === id)?.guardrails;

const reset = (id: string, reason: string) => callReset({ url: stack.apiUrl, key: DEMO_KEYS[0], request: { instanceIds: [id], reason } });

describe('Slack, locally', () => {
  it('the banner’s signed slash command is acknowledged at once; the function’s next run (SCF Invoke to ecm-reset-local) resets and posts the outcome to the response_url', async () => {
    const command = banner(stack)
      .split('\n')
      .find((l) => l.trim().startsWith('SECRET='));
    expect(command).toBeDefined();
    const ack = JSON.parse(await bash(command ?? '')) as { text: string };
    expect(ack.text).toMatch(/^On it: rst-/);
    await vi.waitFor(() => expect(lines.some((l) => l.startsWith('[slack] response_url got:') && l.includes('ein-web00003: accepted'))).toBe(true), {
      timeout: 10_000,
    });
    expect(stack.functionName).toBe('ecm-reset-local');
    expect(stack.emulator.state.invocations).toEqual([expect.objectContaining({ functionName: 'ecm-reset-local', type: 'Event', status: 'delivered' })]);
  });
});

describe('the console’s views', () => {
  it('shows the ledger’s cooldown and pending completion, and each call’s parameters, instance ids and HTTP status', async () => {
    expect((await reset('ein-aaaaaaaa', 'console view')).status).toBe(202);
    const g = await guardrailsOf('ein-aaaaaaaa');
    expect(g?.cooldownUntil).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Date.parse(g?.cooldownUntil ?? '') - Date.now()).toBeGreaterThan(3500 * 1000);
    expect(g?.pendingSince).not.toBeNull();
    expect(g?.escalatedSince).toBeNull();
    const { calls, instances } = await consoleState();
    const resetCall = calls.filter((c) => c.action === 'ResetInstances').at(-1);
    expect(resetCall).toMatchObject({ service: 'ecm', httpStatus: 200, instanceIds: ['ein-aaaaaaaa'], error: null, fault: null });
    expect(resetCall?.params).toContain('InstanceIdSet=ein-aaaaaaaa');
    expect(resetCall?.params).toContain('Password=***REDACTED***');
    expect(resetCall?.params).not.toContain('Demo-Reset#2024x');
    // Only the instance's own tags: no ecm-reset bookkeeping.
    expect(Object.keys(instances.find((i) => i.id === 'ein-aaaaaaaa')?.tags ?? {})).toEqual(['role', 'env', 'fleet']);
  });
});

describe('reload and reset', () => {
  it('a change under a watched directory reloads the function in a new process; the emulator keeps its state', async () => {
    const generation = stack.fn.generation;
    const before = stack.emulator.messages.length;
    writeFileSync(join(watched, 'edited.ts'), 'export const x = 1;\n');
    await vi.waitFor(() => expect(lines.some((l) => l === `[stack] function reloaded (generation ${generation + 1})`)).toBe(true), { timeout: 15_000 });
    expect(stack.fn.generation).toBe(generation + 1);
    expect(stack.emulator.messages.length).toBe(before);
    // The new process reads the ledger afresh: the cooldown of before still holds.
    expect((await reset('ein-aaaaaaaa', 'after reload')).status).toBe(409);
  });

  it('the console’s Reset demo puts the seed back and starts the function afresh: the instance on cooldown resets again', async () => {
    const answer = await fetch(`${stack.apiUrl}/_console/demo-reset`, { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(stack.emulator.messages).toEqual([]);
    expect(await guardrailsOf('ein-aaaaaaaa')).toEqual({ cooldownUntil: null, escalatedSince: null, pendingSince: null });
    expect((await reset('ein-aaaaaaaa', 'after the demo reset')).status).toBe(202);
    // From another origin, refused like every console post.
    const foreign = await fetch(`${stack.apiUrl}/_console/demo-reset`, { method: 'POST', headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  it('POST /_emulator/reset does the same (the function is started afresh, so its ledger cache is gone)', async () => {
    expect((await reset('ein-bbbbbbbb', 'before the admin reset')).status).toBe(202);
    expect((await reset('ein-bbbbbbbb', 'on cooldown')).status).toBe(409);
    expect((await fetch(`${stack.emulatorUrl}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
    await vi.waitFor(() => expect(lines).toContain('[stack] the emulator is back to its seed: the function starts afresh'));
    expect((await reset('ein-bbbbbbbb', 'after the admin reset')).status).toBe(202);
  });
});

describe('--apigw: the legacy API Gateway event', () => {
  let apigw: LocalStack;
  beforeAll(async () => {
    apigw = await startLocalStack({ port: 0, emulatorPort: 0, shell: {}, apigw: true, log: () => {} });
  });
  afterAll(() => apigw?.close());

  it('passes a base64-encoded body (non-text content type) that the function decodes and verifies; answers carry x-api-requestid', async () => {
    const body = JSON.stringify({ instanceIds: ['ein-flaky001'], reason: 'binary body', dryRun: true });
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${apigw.apiUrl}/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-reset-timestamp': String(ts), 'x-reset-signature': signV1(DEMO_KEYS[0], ts, body) },
      body,
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { type: string }).type).toBe('reset.dry-run');
    expect(res.headers.get('x-api-requestid')).toMatch(/^[0-9a-f]{32}$/);
    expect(banner(apigw)).toContain("the legacy API Gateway trigger's event");
  });
});
