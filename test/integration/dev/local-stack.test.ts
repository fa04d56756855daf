import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callReset } from '../../../lib/tools/client/reset-client';
import { adminClient } from '../../../lib/tools/dev/admin-client';
import { banner } from '../../../lib/tools/dev/banner';
import { type LocalStack, startLocalStack } from '../../../lib/tools/dev/start';
import { DEMO_KEYS } from '../../support/function';
import { cleanEnv, ROOT, runProcess } from '../../support/process';

let stack: LocalStack;
const lines: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, emulatorPort: 0, shell: {}, log: (line) => lines.push(line) });
});

afterAll(async () => {
  await stack?.close();
});

interface InstanceView {
  InstanceId: string;
  InstanceState: string;
  LatestOperation: string | null;
  LatestOperationState: string | null;
}

async function instance(id: string): Promise<InstanceView> {
  const res = await fetch(`${stack.emulatorUrl}/_emulator/state`);
  const state = (await res.json()) as { instances: InstanceView[] };
  const found = state.instances.find((i) => i.InstanceId === id);
  if (!found) throw new Error(`no ${id} in the emulator`);
  return found;
}

/** Waits (no time asserted) until the emulated reinstall of `id` has finished. */
async function untilReinstalled(id: string): Promise<InstanceView> {
  return vi.waitFor(
    async () => {
      const view = await instance(id);
      if (view.LatestOperationState !== 'SUCCESS') throw new Error(`${id} is ${view.LatestOperationState ?? 'idle'}`);
      return view;
    },
    { timeout: 20_000, interval: 200 },
  );
}

async function messageTypes(instanceId: string): Promise<string[]> {
  const { messages } = await adminClient(stack.emulatorUrl).messages();
  return messages
    .map((m) => JSON.parse(m.content) as { type: string; results: { instanceId: string }[] })
    .filter((m) => m.results.some((r) => r.instanceId === instanceId))
    .map((m) => m.type);
}

const run = (command: string, args: string[], env: Record<string, string>) => runProcess(command, args, { env });

describe('the local stack (npm start, in-process)', () => {
  it('knows the demo caller key and the function’s SecretId from the seed', () => {
    expect(stack.callerKey).toBe(DEMO_KEYS[0]);
    expect(stack.authSecretName).toBe('ecm-reset/auth-keys');
    expect(stack.secretId).toBe('AKIDDEMO1234567890ABCDEFGHIJKLMNOPQR');
    expect(stack.timers().map((t) => t.name)).toEqual(['nightly-fleet', 'track-completions']);
  });

  it('answers a signed POST /reset through the local function URL with 202 and publishes reset.accepted', async () => {
    const answer = await callReset({ url: stack.apiUrl, key: DEMO_KEYS[1], request: { instanceIds: ['ein-web00003'], reason: 'integration' } });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ type: 'reset.accepted', results: [{ instanceId: 'ein-web00003', status: 'accepted' }] });
    expect(await messageTypes('ein-web00003')).toContain('reset.accepted');
    expect(lines.some((l) => l.startsWith('[http] POST /reset -> 202'))).toBe(true);
  });

  it('rejects an unsigned request with 401 and answers GET /health, as deployed', async () => {
    const unsigned = await fetch(`${stack.apiUrl}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    const health = await fetch(`${stack.apiUrl}/release/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('`npm run call` resets ein-aaaaaaaa end to end', async () => {
    const result = await run(process.execPath, ['lib/tools/cli/bin.mjs', 'call', '--url', stack.apiUrl, '--instances', 'ein-aaaaaaaa', '--reason', 'demo'], {
      ...cleanEnv(),
      RESET_CALLER_KEY: DEMO_KEYS[0],
    });
    expect(result.stderr).toContain('HTTP 202');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'reset.accepted', results: [{ instanceId: 'ein-aaaaaaaa', status: 'accepted' }] });
    expect(await untilReinstalled('ein-aaaaaaaa')).toMatchObject({ LatestOperation: 'ResetInstances', InstanceState: 'RUNNING' });
    // The completion sweep, fired on demand, sees it finished and publishes reset.completed.
    const fired = await fetch(`${stack.apiUrl}/_console/timers/track-completions`, { method: 'POST' });
    expect(fired.status).toBe(200);
    expect(await messageTypes('ein-aaaaaaaa')).toEqual(['reset.accepted', 'reset.completed']);
  });

  it('runs the ready-to-paste curl command of the banner (signed when it runs) with 202', async () => {
    const command = banner(stack)
      .split('\n')
      .find((l) => l.trim().startsWith('KEY='));
    expect(command).toBeDefined();
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('bash', ['-c', command ?? ''], { cwd: ROOT }, (error, out) => (error ? reject(error) : resolve(out)));
    });
    expect(JSON.parse(stdout)).toMatchObject({ type: 'reset.accepted', results: [{ instanceId: 'ein-bbbbbbbb', status: 'accepted' }] });
  });

  it('fires a serverless.yml timer on demand with SCF’s timer event', async () => {
    const res = await fetch(`${stack.apiUrl}/_console/timers/nightly-fleet`, { method: 'POST' });
    expect(res.status).toBe(200);
    const outcome = (await res.json()) as { event: Record<string, unknown>; answer: { type: string; results: { instanceId: string; status: string }[] } };
    expect(outcome.event).toMatchObject({
      Type: 'Timer',
      TriggerName: 'nightly-fleet',
      Message: '{"selector":"tag:fleet=nightly","reason":"nightly reinstall","keepData":true}',
    });
    expect(outcome.event['Time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The nightly fleet selector reaches the tagged instances through the guardrails.
    expect(outcome.answer.results.map((r) => r.instanceId)).toEqual(expect.arrayContaining(['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-web00003', 'ein-flaky001']));
    expect(lines.some((l) => l.startsWith('[timer] nightly-fleet fired'))).toBe(true);
    const unknown = await fetch(`${stack.apiUrl}/_console/timers/nope`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    // A name that is not valid percent-encoding is a missing timer, not a server error.
    const garbled = await fetch(`${stack.apiUrl}/_console/timers/%E0`, { method: 'POST' });
    expect(garbled.status).toBe(404);
    expect(await garbled.json()).toMatchObject({ error: { code: 'Route.NotFound' } });
  });
});

describe('the console’s server side', () => {
  it('serves the page and its script', async () => {
    const page = await fetch(stack.consoleUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('id="reset-form"');
    expect((await fetch(`${stack.apiUrl}/_console/app.js`)).status).toBe(200);
  });

  it('feeds the fleet, the messages and the API calls since a sequence number', async () => {
    const res = await fetch(`${stack.apiUrl}/_console/state?since=0`);
    const state = (await res.json()) as {
      instances: { id: string; state: string; latestOperation: string | null }[];
      messages: { type: string; instanceIds: string[] }[];
      calls: { seq: number; action: string | null }[];
      lastSeq: number;
      canSign: boolean;
    };
    expect(state.instances.map((i) => i.id)).toContain('ein-busy0001');
    expect(state.messages.some((m) => m.type === 'reset.accepted' && m.instanceIds.includes('ein-web00003'))).toBe(true);
    expect(state.calls.some((c) => c.action === 'ResetInstances')).toBe(true);
    expect(state.canSign).toBe(true);
    const later = (await (await fetch(`${stack.apiUrl}/_console/state?since=${state.lastSeq}`)).json()) as { calls: unknown[] };
    expect(later.calls).toEqual([]);
  });

  it('signs a form post with the demo key on the server and sends it through the HTTP entry', async () => {
    const res = await fetch(`${stack.apiUrl}/_console/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instanceIds: 'ein-legacy01', reason: 'console form', dryRun: true, keepData: true }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { status: number; body: { type: string }; request: Record<string, unknown> };
    expect(answer.request).toEqual({ instanceIds: ['ein-legacy01'], reason: 'console form', requestedBy: 'console', dryRun: true });
    expect(answer.status).toBe(202);
    expect(answer.body.type).toBe('reset.dry-run');
    expect(JSON.stringify(answer)).not.toContain(DEMO_KEYS[0]);
  });

  it('refuses form posts from another origin and ones that are not JSON', async () => {
    const foreign = await fetch(`${stack.apiUrl}/_console/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ instanceIds: 'ein-web00003', reason: 'x' }),
    });
    expect(foreign.status).toBe(403);
    // DNS rebinding: a foreign name pointing at 127.0.0.1, its page posting to "itself".
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${stack.apiUrl}/_console/timers/nightly-fleet`,
        { method: 'POST', headers: { host: 'evil.example:3000', origin: 'http://evil.example:3000' } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    const form = await fetch(`${stack.apiUrl}/_console/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'instanceIds=ein-web00003' });
    expect(form.status).toBe(415);
    const empty = await fetch(`${stack.apiUrl}/_console/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"instanceIds":""}',
    });
    expect(empty.status).toBe(400);
  });
});

describe('ports', () => {
  it('an explicit busy port is an error naming the option, for --port and --emulator-port alike', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      await expect(startLocalStack({ port: 0, emulatorPort: taken, shell: {}, log: () => {} })).rejects.toThrow(`--emulator-port ${taken}: the port is in use`);
      await expect(startLocalStack({ port: taken, emulatorPort: 0, shell: {}, log: () => {} })).rejects.toThrow(`--port ${taken}: the port is in use`);
    } finally {
      blocker.close();
    }
  });
});

describe('a shell still set up for the real cloud', () => {
  it('npm start keeps the function on its own emulator and seeded credential, and the banner says what it ignored', async () => {
    const shell = {
      RESET_API_ENDPOINT: 'https://ecm.tencentcloudapi.com',
      TENCENTCLOUD_SECRETID: 'AKIDREALCLOUDKEY0000000000000000000',
      TENCENTCLOUD_SECRETKEY: 'real-cloud-secret-key',
      TENCENTCLOUD_SESSIONTOKEN: 'real-cloud-token',
    };
    const other = await startLocalStack({ port: 0, emulatorPort: 0, shell, log: () => {} });
    try {
      expect(other.secretId).toBe('AKIDDEMO1234567890ABCDEFGHIJKLMNOPQR');
      const text = banner(other);
      for (const name of Object.keys(shell)) expect(text).toContain(`ignored    ${name}`);
      expect(text).not.toContain('real-cloud-secret-key');
      const answer = await callReset({ url: other.apiUrl, key: DEMO_KEYS[0], request: { instanceIds: ['ein-aaaaaaaa'], reason: 'stray shell' } });
      expect(answer.status).toBe(202);
      const resets = (await adminClient(other.emulatorUrl).calls()).calls.filter((c) => c.action === 'ResetInstances' && c.error === null);
      expect(resets).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
