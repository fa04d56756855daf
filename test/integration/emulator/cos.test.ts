import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../../lib/function/kernel/clock';
import { CloudCallError } from '../../../lib/function/ports/cloud-error';
import { type CosClientOptions, createCosClient } from '../../../lib/function/tencent/cos/cos-client';
import { createCosLedgerStore } from '../../../lib/function/tencent/cos/cos-ledger-store';
import type { Seed } from '../../../lib/tools/emulator/index';
import { startConnectProxy } from '../../support/connect-proxy';
import { demoSeed, type StartedEmulator, startEmulator, TEST_REGION } from '../../support/emulator';

const BUCKET = 'ecm-reset-ledger-1250000000';
const HOST = `${BUCKET}.cos.${TEST_REGION}.myqcloud.com`;
const [permanent, temporary] = demoSeed().credentials;
const DENIED = { secretId: 'AKIDNOPUT1234567890ABCDEFGHIJKLMNOPQ', secretKey: 'NoPutSecretKeyNoPutSecretKey1234', token: null, deny: ['cos:PutObject'] };
const NO_COS = { secretId: 'AKIDNOCOS1234567890ABCDEFGHIJKLMNOPQ', secretKey: 'NoCosSecretKeyNoCosSecretKey1234', token: null, deny: ['cos:*'] };

/** A clock `offsetMs` away from the real one (the emulator judges key times by real time). */
const skewed = (offsetMs: number): Clock => ({ now: () => Date.now() + offsetMs, sleep: systemClock.sleep });

/** The failure a promise rejected with, which must be a CloudCallError. */
async function failure(promise: Promise<unknown>): Promise<CloudCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudCallError);
  return error as CloudCallError;
}

describe('COS: the function-side client and ledger store against the emulator', () => {
  let started: StartedEmulator;
  let seed: Seed;
  const client = (overrides: Partial<CosClientOptions> = {}) =>
    createCosClient({
      credentials: { secretId: permanent!.secretId, secretKey: permanent!.secretKey, token: null },
      bucket: BUCKET,
      region: TEST_REGION,
      endpoint: new URL(started.emulator.url),
      proxy: null,
      timeoutMs: 5000,
      clock: systemClock,
      ...overrides,
    });
  const objects = () => started.emulator.state.buckets.find((b) => b.name === BUCKET)?.objects.map((o) => o.key);

  beforeAll(async () => {
    seed = { ...demoSeed(), credentials: [...demoSeed().credentials, DENIED, NO_COS] };
    started = await startEmulator(seed);
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reseed(seed));

  describe('create-if-absent (x-cos-forbid-overwrite)', () => {
    it('of two concurrent creates of one key exactly one wins, and the winner is what is stored', async () => {
      const store = createCosLedgerStore({ client: client(), prefix: 'ledger' });
      const results = await Promise.all([store.create('slot/1', 'first'), store.create('slot/1', 'second')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.read('slot/1')).toBe(results[0] ? 'first' : 'second');
      expect(objects()).toEqual(['ledger/slot/1']);
      const puts = started.emulator.calls.filter((c) => c.action === 'PutObject');
      expect(puts.map((c) => c.httpStatus).sort()).toEqual([200, 409]);
      expect(puts.find((c) => c.httpStatus === 409)?.error).toMatchObject({ code: 'FileAlreadyExists' });
    });

    it('many concurrent creates: still exactly one', async () => {
      const store = createCosLedgerStore({ client: client(), prefix: 'ledger/' });
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.create('slot/2', `body-${i}`)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('write overwrites, remove deletes, read of a missing key is null, remove of a missing key is fine', async () => {
      const store = createCosLedgerStore({ client: client(), prefix: 'ledger/' });
      expect(await store.read('k')).toBeNull();
      expect(await store.create('k', 'one')).toBe(true);
      await store.write('k', 'two');
      expect(await store.read('k')).toBe('two');
      expect(await store.create('k', 'three')).toBe(false);
      await store.remove('k');
      expect(await store.read('k')).toBeNull();
      await store.remove('k');
    });

    it('on a bucket that has had versioning the header is ignored, so the store refuses to create there', async () => {
      started.emulator.reseed({ ...seed, buckets: [{ name: BUCKET, region: TEST_REGION, versioning: 'Suspended' }] });
      const cos = client();
      expect(await cos.getBucketVersioning()).toBe('Suspended');
      expect(await cos.putObject('a', '1', { forbidOverwrite: true })).toBe('created');
      expect(await cos.putObject('a', '2', { forbidOverwrite: true })).toBe('created');
      expect((await cos.getObject('a'))?.body).toBe('2');
      const store = createCosLedgerStore({ client: cos, prefix: '' });
      const error = await failure(store.create('b', 'x'));
      expect(error).toMatchObject({ failure: 'rejected', action: 'GetBucketVersioning' });
      expect(error.message).toMatch(/versioning Suspended/);
      expect(objects()).toEqual(['a']);
    });
  });

  describe('objects, listing, buckets', () => {
    it('get/put/delete with the ETag COS computes (MD5 of the body)', async () => {
      const cos = client();
      expect(await cos.getObject('dir/obj(腾讯云) 1')).toBeNull();
      expect(await cos.putObject('dir/obj(腾讯云) 1', 'héllo', { forbidOverwrite: false })).toBe('created');
      expect(await cos.getObject('dir/obj(腾讯云) 1')).toEqual({ body: 'héllo', etag: createHash('md5').update('héllo').digest('hex') });
      await cos.deleteObject('dir/obj(腾讯云) 1');
      expect(await cos.getObject('dir/obj(腾讯云) 1')).toBeNull();
      await cos.deleteObject('dir/obj(腾讯云) 1');
    });

    it('lists a prefix in pages (marker exclusive, UTF-8 order, NextMarker)', async () => {
      const cos = client();
      const keys = ['p/b', 'p/a', 'p/c&<d>', 'p/é', 'p/z', 'q/other'];
      for (const key of keys) await cos.putObject(key, key, { forbidOverwrite: true });
      const pages: { keys: string[]; next: string | null }[] = [];
      let marker: string | undefined;
      do {
        const page = await cos.listObjects('p/', marker, { maxKeys: 2 });
        pages.push(page);
        marker = page.next ?? undefined;
      } while (marker !== undefined);
      expect(pages.map((p) => p.keys)).toEqual([['p/a', 'p/b'], ['p/c&<d>', 'p/z'], ['p/é']]);
      expect(pages.at(-1)?.next).toBeNull();
      expect((await cos.listObjects('')).keys).toHaveLength(6);
    });

    it('versioning, head and put bucket', async () => {
      const cos = client();
      expect(await cos.getBucketVersioning()).toBe('never');
      expect(await cos.headBucket()).toBe(true);
      const fresh = client({ bucket: 'another-bucket-1250000000' });
      expect(await fresh.headBucket()).toBe(false);
      expect(await failure(fresh.getObject('x'))).toMatchObject({ failure: 'rejected', tencentCode: 'NoSuchBucket' });
      expect(await fresh.putBucket()).toBe('created');
      expect(await fresh.putBucket()).toBe('already');
      expect(await fresh.headBucket()).toBe(true);
      expect(await failure(client({ region: 'ap-shanghai' }).putBucket())).toMatchObject({ tencentCode: 'BucketAlreadyExistsDiffRegion' });
      expect(await failure(client({ bucket: 'someone-else-1300000000' }).putBucket())).toMatchObject({ tencentCode: 'AccessDenied' });
    });

    it('works through a CONNECT proxy, still naming the virtual host', async () => {
      const proxy = await startConnectProxy();
      try {
        const cos = client({ proxy: new URL(proxy.url) });
        expect(await cos.putObject('via-proxy', 'x', { forbidOverwrite: true })).toBe('created');
        expect(proxy.tunnels).toEqual([started.endpoint]);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('signatures and permissions', () => {
    it.each([
      ['a wrong SecretKey', { credentials: { secretId: permanent!.secretId, secretKey: 'wrong', token: null } }, 'SignatureDoesNotMatch'],
      ['an unknown SecretId', { credentials: { secretId: 'AKIDUNKNOWN', secretKey: 'x', token: null } }, 'InvalidAccessKeyId'],
      ['a clock 30 minutes behind', { clock: skewed(-30 * 60_000) }, 'RequestTimeTooSkewed'],
      ['a clock 20 minutes ahead', { clock: skewed(20 * 60_000) }, 'RequestTimeTooSkewed'],
      ['a key time that ended (clock 12 minutes behind)', { clock: skewed(-12 * 60_000) }, 'ExpiredToken'],
      [
        'temporary credentials without their token',
        { credentials: { secretId: temporary!.secretId, secretKey: temporary!.secretKey, token: null } },
        'InvalidAccessKeyId',
      ],
      [
        'temporary credentials with a wrong token',
        { credentials: { secretId: temporary!.secretId, secretKey: temporary!.secretKey, token: 'nope' } },
        'InvalidAccessKeyId',
      ],
    ] as const)('%s → 403 %s, rejected', async (_name, overrides, code) => {
      const error = await failure(client(overrides).putObject('k', 'v', { forbidOverwrite: true }));
      expect(error).toMatchObject({ failure: 'rejected', service: 'cos', action: 'PutObject', tencentCode: code });
      expect(error.apiRequestId).toMatch(/^[A-Za-z0-9+/]+$/);
      expect(started.emulator.calls.at(-1)).toMatchObject({ service: 'cos', action: 'PutObject', httpStatus: 403, error: { code } });
      expect(objects()).toEqual([]);
    });

    it('temporary credentials with their x-cos-security-token are accepted', async () => {
      const cos = client({ credentials: { secretId: temporary!.secretId, secretKey: temporary!.secretKey, token: temporary!.token ?? null } });
      expect(await cos.putObject('k', 'v', { forbidOverwrite: true })).toBe('created');
      expect(started.emulator.calls.at(-1)).toMatchObject({ secretId: temporary!.secretId, httpStatus: 200 });
    });

    it('a credential denied cos:PutObject may read but not write; cos:* denies everything', async () => {
      const denied = client({ credentials: DENIED });
      expect(await failure(denied.putObject('k', 'v', { forbidOverwrite: true }))).toMatchObject({ failure: 'rejected', tencentCode: 'AccessDenied' });
      expect(await denied.getObject('k')).toBeNull();
      expect(await failure(client({ credentials: NO_COS }).getObject('k'))).toMatchObject({ tencentCode: 'AccessDenied' });
    });
  });

  describe('faults', () => {
    it('503 SlowDown (code fault) is throttling, and the object is not written', async () => {
      started.emulator.faults.add({ action: 'PutObject', code: 'SlowDown' });
      const error = await failure(client().putObject('k', 'v', { forbidOverwrite: true }));
      expect(error).toMatchObject({ failure: 'throttled', tencentCode: 'SlowDown', action: 'PutObject' });
      expect(started.emulator.calls.at(-1)).toMatchObject({ httpStatus: 503, fault: 'before: code=SlowDown' });
      expect(objects()).toEqual([]);
    });

    it('an InternalError or a bare 503 on a write is ambiguous', async () => {
      started.emulator.faults.add({ action: 'cos:PutObject', code: 'InternalError' });
      started.emulator.faults.add({ action: 'cos:DeleteObject', httpStatus: 503 });
      expect(await failure(client().putObject('k', 'v', { forbidOverwrite: false }))).toMatchObject({ failure: 'ambiguous', tencentCode: 'InternalError' });
      const error = await failure(client().deleteObject('k'));
      expect(error).toMatchObject({ failure: 'ambiguous', tencentCode: undefined });
      expect(error.message).toMatch(/HTTP 503/);
    });

    it('a connection dropped before the write: ambiguous, nothing written; after it: ambiguous, written, and a retry finds it', async () => {
      const store = createCosLedgerStore({ client: client(), prefix: 'ledger/' });
      started.emulator.faults.add({ action: 'PutObject', dropConnection: true });
      expect(await failure(store.create('a', 'x'))).toMatchObject({ failure: 'ambiguous', action: 'PutObject' });
      expect(objects()).toEqual([]);
      started.emulator.faults.add({ action: 'PutObject', dropConnection: true, when: 'after' });
      expect(await failure(store.create('a', 'x'))).toMatchObject({ failure: 'ambiguous' });
      expect(objects()).toEqual(['ledger/a']);
      expect(started.emulator.calls.at(-1)).toMatchObject({ httpStatus: null, fault: 'after: dropConnection' });
      // The retry meets its own object: the caller tells this apart by reading it back.
      expect(await store.create('a', 'x')).toBe(false);
      expect(await store.read('a')).toBe('x');
    });

    it('a delay past the timeout is ambiguous; a refused connection is unreachable', async () => {
      started.emulator.faults.add({ action: 'GetObject', delayMs: 1000 });
      expect(await failure(client({ timeoutMs: 100 }).getObject('k'))).toMatchObject({
        failure: 'ambiguous',
        message: expect.stringMatching(/network timeout/),
      });
      const closed = client({ endpoint: new URL('http://127.0.0.1:1') });
      expect(await failure(closed.getObject('k'))).toMatchObject({ failure: 'unreachable', action: 'GetObject' });
    });

    it('an aborted call is ambiguous', async () => {
      started.emulator.faults.add({ action: 'GetObject', delayMs: 1000 });
      const controller = new AbortController();
      const pending = client().getObject('k', { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await failure(pending)).toMatchObject({ failure: 'ambiguous' });
    });

    it('the admin API takes faults on COS actions and refuses misspelt ones', async () => {
      const post = (body: unknown) =>
        fetch(`${started.emulator.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post({ action: 'cos:GetBucketVersioning', code: 'ServiceUnavailable' })).status).toBe(201);
      expect((await post({ action: 'cos:PutObjekt', code: 'SlowDown' })).status).toBe(400);
      expect(await failure(client().getBucketVersioning())).toMatchObject({ failure: 'ambiguous', tencentCode: 'ServiceUnavailable' });
    });
  });

  describe('call log, state and routing', () => {
    it('logs every call with Bucket, Key and short bodies only', async () => {
      const cos = client();
      await cos.putObject('short', 'tiny body', { forbidOverwrite: true });
      await cos.putObject('long', 'x'.repeat(201), { forbidOverwrite: false });
      await cos.listObjects('sh', undefined, { maxKeys: 10 });
      const [short, long, list] = started.emulator.calls.slice(-3);
      expect(short).toMatchObject({
        service: 'cos',
        action: 'PutObject',
        version: null,
        region: TEST_REGION,
        secretId: permanent!.secretId,
        httpStatus: 200,
        error: null,
        params: { Bucket: BUCKET, Key: 'short', ContentLength: 9, ForbidOverwrite: 'true', Body: 'tiny body' },
      });
      expect(long?.params).toEqual({ Bucket: BUCKET, Key: 'long', ContentLength: 201 });
      expect(list).toMatchObject({ action: 'GetBucket', params: { Bucket: BUCKET, prefix: 'sh', 'max-keys': '10' } });
    });

    it('GET /_emulator/state shows buckets and object keys, sizes and times, never bodies', async () => {
      await client().putObject('ledger/x', 'secret-ish body', { forbidOverwrite: true });
      const state = (await (await fetch(`${started.emulator.url}/_emulator/state`)).json()) as { buckets: unknown };
      expect(state.buckets).toEqual([
        { name: BUCKET, region: TEST_REGION, versioning: null, objects: [{ key: 'ledger/x', size: 15, lastModified: expect.any(String) }] },
      ]);
      expect(JSON.stringify(state)).not.toContain('secret-ish body');
    });

    it('answers COS XML errors: unsigned → AccessDenied, path style → PathStyleDomainForbidden, and an admin-looking key is an object key', async () => {
      const raw = (host: string, path: string) =>
        new Promise<{ status: number; body: string; requestId: string | undefined }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: started.emulator.port, path, headers: { host } }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => {
              body += chunk.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, requestId: res.headers['x-cos-request-id'] as string | undefined }));
          });
          req.on('error', reject);
          req.end();
        });
      const unsigned = await raw(HOST, '/_emulator/state');
      expect(unsigned.status).toBe(403);
      expect(unsigned.body).toMatch(
        /^<\?xml[^>]*>\n<Error><Code>AccessDenied<\/Code><Message>[^<]+<\/Message><Resource>[^<]+<\/Resource><RequestId>[^<]+<\/RequestId><TraceId>/,
      );
      expect(unsigned.body).toContain(`<RequestId>${unsigned.requestId}</RequestId>`);
      const pathStyle = await raw(`cos.${TEST_REGION}.myqcloud.com`, `/${BUCKET}/k`);
      expect(pathStyle.status).toBe(403);
      expect(pathStyle.body).toContain('<Code>PathStyleDomainForbidden</Code>');
      expect(started.emulator.calls.at(-2)).toMatchObject({ service: 'cos', action: 'GetObject', params: { Bucket: BUCKET, Key: '_emulator/state' } });
    });
  });
});
