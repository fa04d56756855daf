import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../lib/function/http/replay-guard';
import { V1_REPLAY_WINDOW_MS, verifyV1 } from '../../../lib/function/http/v1-signature';
import { errorBody } from '../../../lib/function/kernel/errors';
import { runCall } from '../../../lib/tools/client/call-cli';
import { readRequest } from '../../support/read-request';

const KEY = 'test-key-0123456789abcdef';
const ARGS = ['--instances', 'ein-aaaaaaaa,ein-bbbbbbbb', '--reason', 'disk full'];

let server: Server;
let url: string;
const received: unknown[] = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'call-cli-'));
  const replay = createReplayGuard({ windowMs: V1_REPLAY_WINDOW_MS });
  // Verifies v1 for real, then answers 202 with the request it received.
  server = createServer((req, res) => {
    void readRequest(req).then(({ rawBody, headers }) => {
      const verified = verifyV1({ headers, rawBody, keys: [KEY], nowMs: Date.now(), replay });
      if (verified instanceof Error) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody(verified)));
        return;
      }
      const request = JSON.parse(rawBody) as unknown;
      received.push(request);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'accepted', request }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function run(argv: string[], env: Record<string, string | undefined> = { RESET_CALLER_KEY: KEY }) {
  let stdout = '';
  let stderr = '';
  const code = await runCall(argv, env, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe('npx ecm-reset call (spawned)', () => {
  it('exits 0 and prints the answer as pretty JSON for a 2xx answer', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'npx',
        ['ecm-reset', 'call', '--url', url, ...ARGS, '--dry-run'],
        { env: { ...process.env, RESET_CALLER_KEY: KEY }, timeout: 20_000 },
        (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out, stderr: err }),
      );
    });
    expect(stderr).toContain('HTTP 202');
    expect(code).toBe(0);
    expect(stdout).toContain('\n  "status": "accepted"');
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'accepted',
      request: { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'disk full', dryRun: true },
    });
    expect(stdout + stderr).not.toContain(KEY);
  });
});

describe('runCall', () => {
  it('builds the request from the flags', async () => {
    const { code } = await run([
      '--url',
      url,
      ...ARGS,
      '--image',
      'img-cccccccc',
      '--keep-data',
      'false',
      '--keep-image-login',
      'true',
      '--requested-by',
      'ops-bot',
      '--idempotency-key',
      'k-1',
    ]);
    expect(code).toBe(0);
    expect(received.at(-1)).toEqual({
      instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'],
      reason: 'disk full',
      imageId: 'img-cccccccc',
      keepData: false,
      keepImageLogin: true,
      requestedBy: 'ops-bot',
      idempotencyKey: 'k-1',
    });
  });

  it('takes the URL from RESET_URL when --url is absent', async () => {
    // Distinct reasons: an identical body signed in the same second would be a replay.
    const argv = ['--instances', 'ein-aaaaaaaa', '--reason', 'from RESET_URL'];
    expect((await run(argv, { RESET_CALLER_KEY: KEY, RESET_URL: `${url}/reset` })).code).toBe(0);
  });

  it('reads the key from --key-file, ignoring the trailing newline', async () => {
    const file = join(dir, 'key');
    writeFileSync(file, `${KEY}\n`);
    const argv = ['--url', url, '--instances', 'ein-aaaaaaaa', '--reason', 'from key file', '--key-file', file];
    expect((await run(argv, {})).code).toBe(0);
  });

  it('exits 1 and prints the error answer when the server rejects the signature', async () => {
    const { code, stdout } = await run(['--url', url, ...ARGS], { RESET_CALLER_KEY: 'wrong-key-0123456789abc' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'Auth.Unauthenticated' } });
  });

  it('exits 1 with a readable message when the server cannot be reached', async () => {
    const { code, stderr } = await run(['--url', 'http://127.0.0.1:1', ...ARGS]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/request failed/);
  });

  it('refuses a --key flag, explaining why, without echoing its value', async () => {
    for (const argv of [['--key', 'super-secret-value-123'], ['--key=super-secret-value-123']]) {
      const { code, stderr } = await run(['--url', url, ...ARGS, ...argv]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/shell history/);
      expect(stderr).toMatch(/--key-file/);
      expect(stderr).not.toContain('super-secret-value-123');
    }
  });

  it('does not echo a stray positional argument, which may be a pasted key', async () => {
    const { code, stderr } = await run(['--url', url, ...ARGS, 'super-secret-value-123']);
    expect(code).toBe(2);
    expect(stderr).not.toContain('super-secret-value-123');
  });

  it.each([
    ['no URL', ARGS, /--url is required/],
    ['an invalid URL', ['--url', 'nope', ...ARGS], /--url: Not a valid URL/],
    ['no instances', ['--url', 'http://127.0.0.1', '--reason', 'x'], /--instances is required/],
    ['no reason', ['--url', 'http://127.0.0.1', '--instances', 'ein-aaaaaaaa'], /--reason is required/],
    ['a bad boolean', ['--url', 'http://127.0.0.1', ...ARGS, '--keep-data', 'no'], /--keep-data takes true or false/],
    ['an unknown flag', ['--url', 'http://127.0.0.1', ...ARGS, '--force'], /Unknown option '--force'/],
  ])('exits 2 with usage for %s', async (_name, argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('usage: npx ecm-reset call');
  });

  it('exits 2 when no key is given', async () => {
    const { code, stderr } = await run(['--url', url, ...ARGS], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/--key-file FILE or set RESET_CALLER_KEY/);
  });

  it('exits 2 for a key shorter than the function accepts, without printing it', async () => {
    const { code, stderr } = await run(['--url', url, ...ARGS], { RESET_CALLER_KEY: 'short-k' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/shorter than 16/);
    expect(stderr).not.toContain('short-k');
  });

  it('exits 2 when the key file cannot be read', async () => {
    const { code, stderr } = await run(['--url', url, ...ARGS, '--key-file', join(dir, 'missing')], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read --key-file .*ENOENT/);
  });

  it('prints the usage and exits 0 for --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: npx ecm-reset call');
    expect(stdout).toContain('call --release');
  });

  it('--release sends the release body only; any answer but 200 exits 1 (this stand-in answers 202)', async () => {
    const { code, stderr } = await run(['--release', '--url', url, ...ARGS, '--requested-by', 'ops-bot']);
    expect(received.at(-1)).toEqual({ instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'disk full', requestedBy: 'ops-bot' });
    expect(stderr).toContain('HTTP 202');
    expect(code).toBe(1);
  });

  it('--release with an option of a reset request is a usage error (exit 2)', async () => {
    const { code, stderr } = await run(['--release', '--url', url, ...ARGS, '--image', 'img-cccccccc', '--keep-data', 'false']);
    expect(code).toBe(2);
    expect(stderr).toContain('--release takes no --image, --keep-data');
  });
});
