import { Agent, createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shimFetch, { type FetchOptions } from '../../../lib/function/tencent/sdk-shims/fetch';
import { toCloudError } from '../../../lib/function/tencent/to-cloud-error';
import { runBundle } from '../../../lib/tools/build/run-bundle';
import { type BuiltBundle, buildBundleInTemp } from '../../support/bundle';
import { DEMO_KEYS, signedResetEvent, startFunction } from '../../support/function';

type Fetch = (url: string, options: FetchOptions) => Promise<{ status: number; json(): Promise<unknown> }>;
// The SDK's own fetch (node-fetch + https-proxy-agent), which the bundle replaces.
const sdkFetch = (createRequire(import.meta.url)('tencentcloud-sdk-nodejs/tencentcloud/common/http/fetch.js') as { default: Fetch }).default;

/** A server that misbehaves on purpose, one way per path. */
function startMisbehaving(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    if (req.url === '/hang-up') return void req.socket.destroy();
    if (req.url === '/silent') return; // never answers: the timeout must fire
    if (req.url === '/bad-json') return void res.end('{"Response": ');
    if (req.url === '/cut-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"Response": {');
      return void setTimeout(() => req.socket.destroy(), 20);
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-tc-traceid': 't-1' });
    res.end('{"Response":{"RequestId":"r-1"}}');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What the SDK would keep of a failure (only the message) and how the function classifies it. */
async function outcome(fetch: Fetch, url: string, options: FetchOptions): Promise<{ message: string; failure: string }> {
  try {
    const res = await fetch(url, options);
    await res.json();
    return { message: `status ${res.status}`, failure: 'none' };
  } catch (e) {
    const message = (e as Error).message;
    return { message, failure: toCloudError('ecm', 'DescribeInstances', { message }).failure };
  }
}

describe('the bundle HTTP shim fails like node-fetch, so failures are classified alike', () => {
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await startMisbehaving();
  });
  afterAll(() => server.close());

  const body = JSON.stringify({ Limit: 1 });
  const cases: [string, (base: string) => Promise<string>, Partial<FetchOptions>][] = [
    ['answers normally', async (base) => `${base}/ok`, {}],
    ['refused connection', async () => `http://127.0.0.1:${await closedPort()}/`, {}],
    ['dropped connection (socket hang up)', async (base) => `${base}/hang-up`, {}],
    ['no answer within the timeout', async (base) => `${base}/silent`, { timeout: 300 }],
    // What cloud-calls does when a call's time is up (min of RESET_API_TIMEOUT and the invocation's time left).
    ['no answer before the signal aborts', async (base) => `${base}/silent`, { signal: AbortSignal.timeout(300) }],
    ['invalid JSON', async (base) => `${base}/bad-json`, {}],
  ];
  for (const [name, target, extra] of cases) {
    it(`${name}: same message and classification`, async () => {
      const url = await target(server.url);
      const options = (): FetchOptions => ({
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'X-TC-Timestamp': 1 },
        agent: new Agent({ keepAlive: true }),
        timeout: 10_000,
        ...extra,
      });
      const [viaShim, viaNodeFetch] = await Promise.all([outcome(shimFetch, url, options()), outcome(sdkFetch, url, options())]);
      expect(viaShim).toEqual(viaNodeFetch);
      if (extra.signal) expect(viaShim).toEqual({ message: 'The user aborted a request.', failure: 'ambiguous' });
    });
  }

  it('a body cut short is ambiguous either way (node-fetch and the shim word it differently)', async () => {
    const options = (): FetchOptions => ({ method: 'POST', body, agent: new Agent({ keepAlive: true }), timeout: 2000 });
    const [viaShim, viaNodeFetch] = await Promise.all([
      outcome(shimFetch, `${server.url}/cut-body`, options()),
      outcome(sdkFetch, `${server.url}/cut-body`, options()),
    ]);
    expect(viaShim.message).toMatch(new RegExp(`^Invalid response body while trying to fetch ${server.url}/cut-body: `));
    expect(viaShim.failure).toBe('ambiguous');
    expect(viaNodeFetch.failure).toBe('ambiguous');
  });
});

describe('a dropped ResetInstances through the bundle is handled like through the unbundled function', () => {
  let bundle: BuiltBundle;
  let file: string;
  beforeAll(async () => {
    bundle = await buildBundleInTemp();
    file = bundle.file;
  });
  afterAll(() => bundle.remove());

  const failuresIn = (logs: readonly string[]) =>
    logs
      .map((l) => JSON.parse(l) as { event?: string; failure?: string; call?: string })
      .filter((l) => l.event === 'reset.batch.failed' || l.event === 'cloud.retry')
      .map((l) => `${l.event}:${l.call ?? 'ecm:ResetInstances'}:${l.failure}`);

  it('classifies the drop and the timeout the same and reconciles to the same answer', async () => {
    const faults = [
      { action: 'ResetInstances', dropConnection: true as const, when: 'after' as const },
      { action: 'GetSecretValue', delayMs: 1500 },
    ];
    const request = { instanceIds: ['ein-web00003'], reason: 'drop test' };

    const fut = await startFunction({ seed: { resetDurationMs: 0 }, env: { RESET_API_TIMEOUT: '1' } });
    try {
      for (const f of faults) fut.emu.emulator.faults.add(f);
      const inProcess = (await fut.invoke(signedResetEvent(request))) as { statusCode: number; body: string };
      await fut.close();

      const emu = await startFunction({ seed: { resetDurationMs: 0 } });
      try {
        for (const f of faults) emu.emu.emulator.faults.add(f);
        const env: Record<string, string> = { ...emu.env, RESET_API_TIMEOUT: '1' };
        const run = await runBundle(file, { events: [{ signed: { key: DEMO_KEYS[0], body: request } }] }, env);
        const bundled = run.answers[0]?.response as { statusCode: number; body: string };
        expect(bundled.statusCode).toBe(inProcess.statusCode);
        // Ids and the emulator's port differ between the two runs; everything else must match.
        const strip = (b: string) => JSON.parse(b.replace(/"(id|apiRequestId)":"[^"]*"/g, '"$1":"…"').replace(/127\.0\.0\.1:\d+/g, 'EMULATOR')) as unknown;
        expect(strip(bundled.body)).toEqual(strip(inProcess.body));
        expect(failuresIn(run.logs)).toEqual(failuresIn(fut.logs));
        expect(failuresIn(run.logs)).toEqual(['cloud.retry:ssm:GetSecretValue:ambiguous', 'reset.batch.failed:ecm:ResetInstances:ambiguous']);
      } finally {
        await emu.close();
      }
    } finally {
      await fut.close().catch(() => undefined);
    }
  });
});

describe('through the bundle, a call the API answers too late is abandoned within the time limit', () => {
  let bundle: BuiltBundle;
  beforeAll(async () => {
    bundle = await buildBundleInTemp();
  });
  afterAll(() => bundle.remove());

  it('a ResetInstances answered 9 s late under a 5 s limit: the bundle answers and publishes, and is gone before the emulator answers', async () => {
    const fut = await startFunction({ seed: { resetDurationMs: 0 } });
    try {
      fut.emu.emulator.faults.add({ action: 'ResetInstances', delayMs: 9000 });
      const run = await runBundle(
        bundle.file,
        { events: [{ signed: { key: DEMO_KEYS[0], body: { instanceIds: ['ein-web00003'], reason: 'slow API' } } }], timeLimitMs: 5000 },
        fut.env,
      );
      // The driver has answered and exited while the emulator still holds the call (it logs a call once answered).
      expect(run.exitCode).toBe(0);
      expect(fut.calls('ResetInstances')).toEqual([]);
      const answer = run.answers[0]?.response as { statusCode: number; body: string };
      expect(JSON.parse(answer.body)).toMatchObject({
        type: 'reset.failed',
        results: [{ instanceId: 'ein-web00003', status: 'failed', code: 'Invocation.TimeLimit' }],
      });
      expect(fut.messages().map((m) => m['type'])).toEqual(['reset.failed']);
    } finally {
      await fut.close();
    }
  });
});
