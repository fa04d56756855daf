import { createHash } from 'node:crypto';
import type { Agent } from 'node:http';
import type { Clock } from '../../kernel/clock';
import { CloudCallError } from '../../ports/cloud-error';
import fetch, { type FetchOptions } from '../sdk-shims/fetch';
import { answeredError, unansweredError } from '../to-cloud-error';
import { cosUrlEncode, signCosRequest } from './cos-signature';
import { parseCosError, xmlElements, xmlText } from './cos-xml';

export interface CosCredentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Temporary credentials' session token, sent as `x-cos-security-token` (COS doc 436/7778). */
  readonly token: string | null;
}

export interface CosClientOptions {
  readonly credentials: CosCredentials;
  /** `BucketName-APPID`, e.g. `ecm-reset-ledger-1250000000`. */
  readonly bucket: string;
  readonly region: string;
  /**
   * RESET_API_ENDPOINT (the emulator): requests go to this base URL, still naming the bucket's
   * virtual host in `Host`, so the emulator routes by it. null: `https://<bucket>.cos.<region>.myqcloud.com`.
   */
  readonly endpoint: URL | null;
  /** An HTTP proxy reached with CONNECT; used instead of `agent`, as for the SDK clients. */
  readonly proxy: URL | null;
  readonly agent?: Agent;
  /** Default per-request timeout (from the socket to the whole body), ms. */
  readonly timeoutMs: number;
  readonly clock: Clock;
}

export interface CosCallOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface PutObjectOptions extends CosCallOptions {
  /**
   * `x-cos-forbid-overwrite: true`: create only if absent (PUT Object, COS doc 436/7749). COS honours it
   * only on a bucket that never had versioning enabled; check getBucketVersioning() first.
   */
  readonly forbidOverwrite: boolean;
  /** Default `text/plain; charset=utf-8`. */
  readonly contentType?: string;
}

export interface CosObject {
  readonly body: string;
  /** Without the quotes COS puts around it. */
  readonly etag: string;
}

export interface CosListing {
  readonly keys: string[];
  /** The marker for the next page; null after the last one. */
  readonly next: string | null;
}

/** `never`: GET Bucket versioning answers `<VersioningConfiguration/>` (COS doc 436/19888). */
export type BucketVersioning = 'never' | 'Enabled' | 'Suspended';

export interface CosClient {
  /** `<bucket>.cos.<region>.myqcloud.com` (COS doc 436/6224); path style is refused for new buckets (COS doc 436/102489). */
  readonly host: string;
  /** GET Object (COS doc 436/7753); null on 404 NoSuchKey. */
  getObject(key: string, options?: CosCallOptions): Promise<CosObject | null>;
  /** PUT Object (COS doc 436/7749): `created` on 200; `exists` on any 409 when forbidOverwrite (FileAlreadyExists, PathConflict, …). */
  putObject(key: string, body: string, options: PutObjectOptions): Promise<'created' | 'exists'>;
  /** DELETE Object (COS doc 436/7743): 204; a missing key (404 NoSuchKey) counts as deleted. */
  deleteObject(key: string, options?: CosCallOptions): Promise<void>;
  /** GET Bucket versioning (COS doc 436/19888). */
  getBucketVersioning(options?: CosCallOptions): Promise<BucketVersioning>;
  /** HEAD Bucket: true when it exists and these credentials may see it; false on 404. */
  headBucket(options?: CosCallOptions): Promise<boolean>;
  /** PUT Bucket (COS doc 436/7738); `already` on 409 BucketAlreadyOwnedByYou. */
  putBucket(options?: CosCallOptions): Promise<'created' | 'already'>;
  /**
   * One page of GET Bucket (List Objects, COS doc 436/7734): keys after `marker` (exclusive), in
   * UTF-8 order. Eventually consistent: a key just written may be missing.
   */
  listObjects(prefix: string, marker?: string, options?: CosCallOptions & { readonly maxKeys?: number }): Promise<CosListing>;
}

/** The key time starts a minute back (clock skew) and lasts ten minutes (COS doc 436/7778, step 1). */
const KEY_TIME_BEFORE_S = 60;
const KEY_TIME_AFTER_S = 600;
/** Object keys are 1–850 bytes (COS doc 436/14518). */
const MAX_KEY_BYTES = 850;

interface CosRequest {
  readonly action: string;
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'DELETE';
  /** null: the bucket itself (`/`). */
  readonly key: string | null;
  readonly params?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

interface CosAnswer {
  readonly status: number;
  readonly etag: string;
  readonly requestId: string | undefined;
  readonly text: string;
}

/**
 * A small COS XML API client on the function's own fetch (the SDK shim): q-sign signatures, virtual-hosted
 * buckets, CloudCallError with service `cos` and the action's name (`PutObject`, …) for every failure.
 * @example
 * const cos = createCosClient({ credentials, bucket: 'ecm-reset-ledger-1250000000', region: 'ap-guangzhou', endpoint: null, proxy: null, timeoutMs: 5000, clock: systemClock });
 * if ((await cos.putObject('ledger/1', body, { forbidOverwrite: true })) === 'exists') { … }
 */
export function createCosClient(options: CosClientOptions): CosClient {
  const host = `${options.bucket}.cos.${options.region}.myqcloud.com`;
  const base = options.endpoint === null ? `https://${host}` : `${options.endpoint.protocol}//${options.endpoint.host}`;
  const transport: Pick<FetchOptions, 'agent' | 'proxy'> =
    options.proxy !== null ? { proxy: options.proxy.href } : options.agent !== undefined ? { agent: options.agent } : {};

  async function send(request: CosRequest, call: CosCallOptions = {}): Promise<CosAnswer> {
    const path = request.key === null ? '/' : `/${checkedKey(request.key)}`;
    const params = request.params ?? {};
    const headers: Record<string, string> = { host, ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    if (options.credentials.token !== null) headers['x-cos-security-token'] = options.credentials.token;
    const now = Math.floor(options.clock.now() / 1000);
    // Every header sent is signed (host, content-*, x-cos-*), so none can be altered on the way.
    const authorization = signCosRequest({
      secretId: options.credentials.secretId,
      secretKey: options.credentials.secretKey,
      method: request.method,
      path,
      params,
      headers,
      startSeconds: now - KEY_TIME_BEFORE_S,
      endSeconds: now + KEY_TIME_AFTER_S,
    });
    const query = Object.entries(params)
      .map(([name, value]) => (value === '' ? cosUrlEncode(name) : `${cosUrlEncode(name)}=${cosUrlEncode(value)}`))
      .join('&');
    const url = `${base}${path.split('/').map(cosUrlEncode).join('/')}${query === '' ? '' : `?${query}`}`;
    try {
      const res = await fetch(url, {
        method: request.method,
        headers: { ...headers, authorization },
        ...(request.body === undefined ? {} : { body: request.body }),
        timeout: call.timeoutMs ?? options.timeoutMs,
        ...(call.signal === undefined ? {} : { signal: call.signal }),
        ...transport,
      });
      const text = await res.text();
      return {
        status: res.status,
        etag: (res.headers.get('etag') ?? '').replace(/^"|"$/g, ''),
        requestId: res.headers.get('x-cos-request-id') ?? undefined,
        text,
      };
    } catch (e) {
      throw unansweredError('cos', request.action, e);
    }
  }

  /** The answer's COS error code, when its body has one. */
  const codeOf = (answer: CosAnswer): string | undefined => parseCosError(answer.text).code;
  const failed = (action: string, answer: CosAnswer): CloudCallError => {
    const error = parseCosError(answer.text);
    const message = error.message ?? `HTTP ${answer.status}`;
    return answeredError('cos', action, { code: error.code, httpStatus: answer.status, requestId: error.requestId ?? answer.requestId, message }, null);
  };

  return {
    host,
    async getObject(key, call) {
      const answer = await send({ action: 'GetObject', method: 'GET', key }, call);
      if (answer.status === 200) return { body: answer.text, etag: answer.etag };
      if (answer.status === 404 && codeOf(answer) === 'NoSuchKey') return null;
      throw failed('GetObject', answer);
    },
    async putObject(key, body, put) {
      const headers: Record<string, string> = {
        'content-md5': createHash('md5').update(body, 'utf8').digest('base64'),
        'content-type': put.contentType ?? 'text/plain; charset=utf-8',
        ...(put.forbidOverwrite ? { 'x-cos-forbid-overwrite': 'true' } : {}),
      };
      const answer = await send({ action: 'PutObject', method: 'PUT', key, headers, body }, put);
      if (answer.status === 200) return 'created';
      if (answer.status === 409 && put.forbidOverwrite) return 'exists';
      throw failed('PutObject', answer);
    },
    async deleteObject(key, call) {
      const answer = await send({ action: 'DeleteObject', method: 'DELETE', key }, call);
      if (answer.status === 204 || answer.status === 200 || answer.status === 202) return;
      if (answer.status === 404 && codeOf(answer) === 'NoSuchKey') return;
      throw failed('DeleteObject', answer);
    },
    async getBucketVersioning(call) {
      const answer = await send({ action: 'GetBucketVersioning', method: 'GET', key: null, params: { versioning: '' } }, call);
      if (answer.status !== 200) throw failed('GetBucketVersioning', answer);
      const status = xmlText(answer.text, 'Status');
      if (status === undefined || status === '') return 'never';
      if (status === 'Enabled' || status === 'Suspended') return status;
      throw new CloudCallError(
        'cos',
        'GetBucketVersioning',
        'rejected',
        `cos:GetBucketVersioning answered an unknown Status ${status}`,
        undefined,
        answer.requestId,
        null,
      );
    },
    async headBucket(call) {
      const answer = await send({ action: 'HeadBucket', method: 'HEAD', key: null }, call);
      if (answer.status === 200) return true;
      if (answer.status === 404) return false;
      throw failed('HeadBucket', answer);
    },
    async putBucket(call) {
      const answer = await send({ action: 'PutBucket', method: 'PUT', key: null, body: '' }, call);
      if (answer.status === 200) return 'created';
      if (answer.status === 409 && codeOf(answer) === 'BucketAlreadyOwnedByYou') return 'already';
      throw failed('PutBucket', answer);
    },
    async listObjects(prefix, marker, call = {}) {
      const params: Record<string, string> = {
        ...(prefix === '' ? {} : { prefix }),
        ...(marker === undefined || marker === '' ? {} : { marker }),
        ...(call.maxKeys === undefined ? {} : { 'max-keys': String(call.maxKeys) }),
      };
      const answer = await send({ action: 'GetBucket', method: 'GET', key: null, params }, call);
      if (answer.status !== 200) throw failed('GetBucket', answer);
      const keys = xmlElements(answer.text, 'Contents').flatMap((contents) => {
        const key = xmlText(contents, 'Key');
        return key === undefined ? [] : [key];
      });
      if (xmlText(answer.text, 'IsTruncated') !== 'true') return { keys, next: null };
      // NextMarker is only sent when truncated; the last key serves when it is absent (COS doc 436/7734).
      return { keys, next: xmlText(answer.text, 'NextMarker') || (keys.at(-1) ?? null) };
    },
  };
}

function checkedKey(key: string): string {
  const bytes = Buffer.byteLength(key);
  if (bytes === 0 || bytes > MAX_KEY_BYTES || key.startsWith('/')) {
    throw new RangeError(`a COS object key is 1–${MAX_KEY_BYTES} bytes and does not start with "/": ${JSON.stringify(key.slice(0, 80))}`);
  }
  return key;
}
