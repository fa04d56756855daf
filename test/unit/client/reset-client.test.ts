import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../lib/function/http/replay-guard';
import { V1_REPLAY_WINDOW_MS, verifyV1 } from '../../../lib/function/http/v1-signature';
import { errorBody } from '../../../lib/function/kernel/errors';
import { callRelease, callReset, releaseUrl, resetUrl } from '../../../lib/tools/client/reset-client';
import { readRequest } from '../../support/read-request';

const KEY_A = 'test-key-0123456789abcdef';
const KEY_B = 'second-key-fedcba9876543210';
const REQUEST = { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full', dryRun: true };

interface Seen {
  method: string;
  path: string;
  rawBody: string;
  headers: Record<string, string>;
}

/** A stand-in for the function's HTTP front that checks v1 signatures for real. */
function startVerifyingServer(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const replay = createReplayGuard({ windowMs: V1_REPLAY_WINDOW_MS });
  const server = createServer((req, res) => {
    void readRequest(req).then(({ rawBody, headers }) => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', rawBody, headers });
      if (req.url === '/text/reset') {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway');
        return;
      }
      const verified = verifyV1({ headers, rawBody, keys: [KEY_A, KEY_B], nowMs: Date.now(), replay });
      const [status, body] = verified instanceof Error ? [401, errorBody(verified)] : [202, { accepted: JSON.parse(rawBody) as unknown }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    });
  });
}

let server: Server;
let baseUrl: string;
let seen: Seen[];

beforeAll(async () => {
  ({ server, url: baseUrl, seen } = await startVerifyingServer());
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('callReset', () => {
  it('sends a request the server verifies and returns its status and JSON answer', async () => {
    const result = await callReset({ url: baseUrl, key: KEY_A, request: REQUEST });
    expect(result).toEqual({ status: 202, body: { accepted: REQUEST } });
    const last = seen.at(-1)!;
    expect(last.method).toBe('POST');
    expect(last.path).toBe('/reset');
    expect(last.headers['content-type']).toBe('application/json');
  });

  it('signs exactly the bytes it sends', async () => {
    await callReset({ url: baseUrl, key: KEY_B, request: { ...REQUEST, reason: 'ünïcode ✓' } });
    expect(JSON.parse(seen.at(-1)!.rawBody)).toMatchObject({ reason: 'ünïcode ✓' });
  });

  it('never sends the key', async () => {
    await callReset({ url: baseUrl, key: KEY_A, request: { ...REQUEST, reason: 'key check' } });
    const last = seen.at(-1)!;
    expect(JSON.stringify(last)).not.toContain(KEY_A);
  });

  it('gets 401 when signed with a key the server does not hold', async () => {
    const result = await callReset({ url: baseUrl, key: 'unknown-key-0123456789', request: REQUEST });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ error: { code: 'Auth.Unauthenticated' } });
  });

  it('gets 401 when its clock is more than 300 s off', async () => {
    const result = await callReset({ url: baseUrl, key: KEY_A, request: REQUEST, nowMs: Date.now() - 301_000 });
    expect(result.body).toMatchObject({ error: { message: expect.stringMatching(/stale/i) as unknown } });
  });

  it('accepts a base URL that already ends in /reset, with or without a trailing slash', async () => {
    for (const url of [`${baseUrl}/reset`, `${baseUrl}/reset/`, `${baseUrl}/`]) {
      const result = await callReset({ url, key: KEY_A, request: { ...REQUEST, reason: url } });
      expect(result.status).toBe(202);
      expect(seen.at(-1)!.path).toBe('/reset');
    }
  });

  it('returns a non-JSON answer as text', async () => {
    expect(await callReset({ url: `${baseUrl}/text`, key: KEY_A, request: REQUEST })).toEqual({
      status: 502,
      body: 'Bad Gateway',
    });
  });

  it('rejects when nothing listens at the URL', async () => {
    await expect(callReset({ url: 'http://127.0.0.1:1', key: KEY_A, request: REQUEST })).rejects.toThrow();
  });
});

describe('callRelease', () => {
  it('signs the release the same way and posts it to /release, whatever route the base URL names', async () => {
    for (const url of [baseUrl, `${baseUrl}/reset`, `${baseUrl}/`]) {
      const request = { instanceIds: ['ein-aaaaaaaa'], reason: `release via ${url}` };
      const result = await callRelease({ url, key: KEY_B, request });
      expect(result).toEqual({ status: 202, body: { accepted: request } });
      expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/release' });
    }
  });
});

describe('releaseUrl', () => {
  it.each([
    // A deployed URL ends in its stage, `release`: the function routes by the last segment.
    ['https://x.example/release', 'https://x.example/release/release'],
    ['https://x.example/release/reset', 'https://x.example/release/release'],
    ['https://x.example/', 'https://x.example/release'],
    ['https://x.example/a?b=1', 'https://x.example/a/release?b=1'],
  ])('maps %s to %s', (base, expected) => {
    expect(releaseUrl(base)).toBe(expected);
  });
});

describe('resetUrl', () => {
  it.each([
    ['https://x.example/release', 'https://x.example/release/reset'],
    ['https://x.example/release/', 'https://x.example/release/reset'],
    ['https://x.example/release/reset', 'https://x.example/release/reset'],
    ['https://x.example', 'https://x.example/reset'],
    ['https://x.example/a?b=1', 'https://x.example/a/reset?b=1'],
  ])('maps %s to %s', (base, expected) => {
    expect(resetUrl(base)).toBe(expected);
  });

  it('refuses a non-http URL without quoting it', () => {
    expect(() => resetUrl('ftp://x.example')).toThrow(/http and https/);
    expect(() => resetUrl('not a url with-secret')).toThrow(/^Not a valid URL$/);
  });
});
