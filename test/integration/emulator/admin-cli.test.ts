import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import { Client as TdmqClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';

describe('admin API', () => {
  let started: StartedEmulator;
  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${started.emulator.url}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    started = await startEmulator();
  });
  afterAll(() => started.close());

  it('GET state shows instances as DescribeInstances does, and redacts secrets', async () => {
    const { status, json } = await admin('GET', 'state');
    expect(status).toBe(200);
    expect((json.instances as unknown[])[0]).toMatchObject({ InstanceId: 'ein-aaaaaaaa', UUID: '4ef19d31-3117-455c-ae8e-2029a07d8999' });
    expect(JSON.stringify(json)).not.toContain('Demo-Reset#2024x');
    expect(JSON.stringify(json)).not.toContain('DemoSecretKey');
    expect(json.topics).toEqual([{ name: 'ecm-reset-results', maxMsgSize: 65536, messages: 0 }]);
  });

  it('POST faults, GET faults and DELETE faults; faults do not apply to admin calls', async () => {
    expect((await admin('POST', 'faults', { action: '*', code: 'InternalError', times: 5 })).status).toBe(201);
    expect((await admin('GET', 'faults')).json.faults).toHaveLength(1);
    expect((await admin('GET', 'state')).status).toBe(200);
    expect((await admin('DELETE', 'faults')).json).toEqual({ cleared: 1 });
  });

  it('rejects an invalid fault with a clear message', async () => {
    const { status, json } = await admin('POST', 'faults', { action: 'ResetInstances', code: 'X', httpStatus: 500 });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain('exclude each other');
  });

  it('rejects a fault for an action the emulator does not have (a misspelling would never fire)', async () => {
    const { status, json } = await admin('POST', 'faults', { action: 'ResetInstance', code: 'InternalError' });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toMatch(/no emulated action ResetInstance; one of .*ResetInstances/);
    expect((await admin('POST', 'faults', { action: 'ecm:ResetInstances', code: 'InternalError' })).status).toBe(201);
    expect((await admin('POST', 'faults', { action: 'tdmq:ResetInstances', code: 'InternalError' })).status).toBe(400);
    await admin('DELETE', 'faults');
  });

  it('GET messages and GET calls?since= reflect API traffic; stats count connections', async () => {
    const tdmq = new TdmqClient(started.clientConfig);
    await tdmq.PublishCmqMsg({ TopicName: 'ecm-reset-results', MsgContent: 'hello', MsgTag: ['t'] });
    const messages = (await admin('GET', 'messages?topic=ecm-reset-results')).json.messages as unknown[];
    expect(messages).toEqual([
      expect.objectContaining({ topic: 'ecm-reset-results', content: 'hello', tags: ['t'], msgId: expect.any(String), time: expect.any(String) }),
    ]);
    expect((await admin('GET', 'messages?topic=other')).json.messages).toEqual([]);
    const all = (await admin('GET', 'calls')).json;
    const since = (await admin('GET', `calls?since=${Number(all.lastSeq) - 1}`)).json.calls as unknown[];
    expect(since).toEqual([
      expect.objectContaining({ service: 'tdmq', action: 'PublishCmqMsg', error: null, httpStatus: 200, secretId: started.credential.secretId }),
    ]);
    const stats = (await admin('GET', 'stats')).json;
    expect(stats).toMatchObject({ apiRequests: 1, connections: expect.any(Number), requests: expect.any(Number) });
  });

  it('POST clock moves the emulator clock; POST seed replaces the state', async () => {
    const ecm = new EcmClient(started.clientConfig);
    await ecm.ResetInstances({ InstanceIdSet: ['ein-web00003'] });
    await admin('POST', 'clock', { advanceMs: 3000 });
    expect((await admin('GET', 'state')).json.pendingResets).toEqual([]);
    const seed = { credentials: [started.credential], images: [], instances: [] };
    expect((await admin('POST', 'seed', seed)).status).toBe(200);
    await expect(ecm.DescribeInstances({})).resolves.toMatchObject({ TotalCount: 0 });
    const bad = await admin('POST', 'seed', { credentials: [] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('at least one credential');
  });

  it('POST clock refuses a step that is not a finite number of ms within ten years, or that would leave 1970–9999; the emulator keeps answering', async () => {
    for (const advanceMs of [9e15, -9e15, 'soon', null]) {
      const r = await admin('POST', 'clock', { advanceMs });
      expect(r.status, String(advanceMs)).toBe(400);
      expect(JSON.stringify(r.json)).toContain('advanceMs');
    }
    // Ten years back at a time: the sixth step would cross 1970 (from 2026) and is refused.
    const decade = 10 * 366 * 24 * 3600 * 1000;
    const steps = [];
    for (let i = 0; i < 6; i += 1) steps.push(await admin('POST', 'clock', { advanceMs: -decade }));
    expect(steps.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 400]);
    expect(JSON.stringify(steps[5]?.json)).toContain('outside 1970–9999');
    for (let i = 0; i < 5; i += 1) expect((await admin('POST', 'clock', { advanceMs: decade })).status).toBe(200);
    expect((await admin('GET', 'state')).status).toBe(200);
    await expect(new EcmClient(started.clientConfig).DescribeInstances({ Limit: 1 })).resolves.toMatchObject({ TotalCount: expect.any(Number) });
  });

  it('GET stats shows one connection for several SDK calls over a keep-alive agent', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ecm = new EcmClient({ ...started.clientConfig, profile: { httpProfile: { ...started.profile.httpProfile, agent } } });
    const before = started.emulator.stats;
    for (let i = 0; i < 3; i += 1) await ecm.DescribeInstances({ Limit: 1 });
    const after = started.emulator.stats;
    agent.destroy();
    expect(after.apiRequests - before.apiRequests).toBe(3);
    expect(after.connections - before.connections).toBe(1);
  });

  it('answers 404 for an unknown admin route', async () => {
    expect((await admin('GET', 'nope')).status).toBe(404);
  });
});

describe('npm run -s emulator (cli)', () => {
  it('`npm run -s emulator -- --port 0` prints "emulator listening on http://127.0.0.1:PORT" as its first stdout line (-s: no npm banner), then the SecretIds only', async () => {
    // Exactly as a user types it, without the npm_* variables of the npm running these tests.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
    // Own process group: the whole group is signalled, as a terminal's Ctrl-C does.
    const child = spawn('npm', ['run', '-s', 'emulator', '--', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const lines = createInterface({ input: child.stdout });
      const iterator = lines[Symbol.asyncIterator]();
      const first = (await iterator.next()).value as string;
      const second = (await iterator.next()).value as string;
      expect(first).toMatch(/^emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(second).toContain('AKIDDEMO1234567890ABCDEFGHIJKLMNOPQR');
      expect(second).not.toContain('DemoSecretKey');
      const url = first.replace('emulator listening on ', '');
      const state = await fetch(`${url}/_emulator/stats`);
      expect(state.status).toBe(200);
      lines.close();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  });
});
