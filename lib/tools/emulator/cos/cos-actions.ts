import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialSeed } from '../seed';
import { bucketAppId } from '../seed';
import type { BucketRecord, CosStore } from '../stores/cos-store';
import { CosError, xmlEscape } from './cos-error';

/** The emulated COS actions, named as CAM names them (`cos:PutObject`, COS doc 436/31923). */
export const COS_ACTIONS = [
  'PutObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'GetBucket',
  'GetBucketVersioning',
  'PutBucketVersioning',
  'HeadBucket',
  'PutBucket',
] as const;
export type CosAction = (typeof COS_ACTIONS)[number];

/** One request, as routed: the bucket and region come from the Host. */
export interface CosCall {
  readonly method: string;
  readonly bucketName: string;
  readonly region: string;
  /** The decoded object key; null for the bucket itself (`/`). */
  readonly key: string | null;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface CosContext {
  readonly store: CosStore;
  readonly credential: CredentialSeed;
  /** Emulator clock, ms. */
  readonly now: number;
}

export interface CosReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/** Object keys are 1–850 bytes (COS doc 436/14518). */
const MAX_KEY_BYTES = 850;
/** GET Bucket: "max-keys 默认值为1000，最大为1000" (COS doc 436/7734). */
const MAX_KEYS = 1000;
const LIST_PARAMS = new Set(['prefix', 'marker', 'max-keys']);
const XML = { 'Content-Type': 'application/xml' };

/** Which action a request is; what the emulator does not emulate is refused with 501 NotImplemented. */
export function cosActionOf(call: CosCall): CosAction {
  const params = [...call.query.keys()];
  const action = call.key === null ? bucketAction(call.method, params) : objectAction(call.method, params);
  if (action === null) {
    const target = `${call.method} /${call.key ?? ''}${params.length === 0 ? '' : `?${params.join('&')}`}`;
    throw new CosError('NotImplemented', `the emulator does not emulate ${target}`);
  }
  if (action === 'PutObject' && call.headers['x-cos-copy-source'] !== undefined)
    throw new CosError('NotImplemented', 'the emulator does not emulate PUT Object - Copy');
  return action;
}

function bucketAction(method: string, params: readonly string[]): CosAction | null {
  const versioning = params.length === 1 && params[0] === 'versioning';
  if (method === 'GET') return versioning ? 'GetBucketVersioning' : params.every((p) => LIST_PARAMS.has(p)) ? 'GetBucket' : null;
  if (method === 'PUT') return versioning ? 'PutBucketVersioning' : params.length === 0 ? 'PutBucket' : null;
  if (method === 'HEAD') return params.length === 0 ? 'HeadBucket' : null;
  return null;
}

function objectAction(method: string, params: readonly string[]): CosAction | null {
  // response-* only override the answer's headers (GET Object); any other sub-resource is not emulated.
  if (!params.every((p) => p.startsWith('response-'))) return null;
  const actions: Readonly<Record<string, CosAction>> = { GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject', DELETE: 'DeleteObject' };
  return actions[method] ?? null;
}

/** Runs an action against the store; throws CosError for the documented failures. */
export function runCosAction(action: CosAction, call: CosCall, ctx: CosContext): CosReply {
  if (Number.isNaN(bucketAppId(call.bucketName))) throw new CosError('InvalidBucketName', 'a bucket name is BucketName-APPID');
  // CAM: a bucket of another account is not these credentials' to touch.
  if (bucketAppId(call.bucketName) !== ctx.credential.appId) throw new CosError('AccessDenied', `the bucket belongs to APPID ${bucketAppId(call.bucketName)}`);
  if (action === 'PutBucket') return putBucket(call, ctx);
  const bucket = ctx.store.buckets.get(call.bucketName);
  if (bucket === undefined || bucket.region !== call.region) throw new CosError('NoSuchBucket', 'the specified bucket does not exist');
  if (call.key !== null && (Buffer.byteLength(call.key) > MAX_KEY_BYTES || call.key === '')) {
    throw new CosError('InvalidArgument', `an object key is 1–${MAX_KEY_BYTES} bytes`);
  }
  switch (action) {
    case 'PutObject':
      return putObject(bucket, call.key ?? '', call, ctx);
    case 'GetObject':
    case 'HeadObject': {
      const object = bucket.objects.get(call.key ?? '');
      if (object === undefined) throw new CosError('NoSuchKey', 'the specified key does not exist');
      const headers = {
        'Content-Type': object.contentType,
        ETag: `"${object.etag}"`,
        'Last-Modified': new Date(object.lastModified).toUTCString(),
        'x-cos-object-type': 'normal',
        'x-cos-storage-class': 'STANDARD',
      };
      return { status: 200, headers, body: object.body };
    }
    case 'DeleteObject':
      // Deleting a key that is not there answers 204 too (an unversioned bucket keeps no marker).
      bucket.objects.delete(call.key ?? '');
      return { status: 204, headers: {}, body: '' };
    case 'GetBucket':
      return listObjects(bucket, call, ctx);
    case 'GetBucketVersioning': {
      const inner = bucket.versioning === null ? '' : `<Status>${bucket.versioning}</Status>`;
      return { status: 200, headers: XML, body: `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration>${inner}</VersioningConfiguration>` };
    }
    case 'PutBucketVersioning': {
      const status = /<VersioningConfiguration>\s*<Status>(Enabled|Suspended)<\/Status>\s*<\/VersioningConfiguration>/.exec(call.body.toString('utf8'))?.[1];
      if (status !== 'Enabled' && status !== 'Suspended')
        throw new CosError('MalformedXML', 'expected <VersioningConfiguration><Status>Enabled|Suspended</Status>');
      bucket.versioning = status;
      return { status: 200, headers: {}, body: '' };
    }
    case 'HeadBucket':
      return { status: 200, headers: { 'x-cos-bucket-region': bucket.region }, body: '' };
  }
}

/** PUT Object (COS doc 436/7749), with `x-cos-forbid-overwrite` honoured only where versioning was never enabled. */
function putObject(bucket: BucketRecord, key: string, call: CosCall, ctx: CosContext): CosReply {
  if (call.headers['content-length'] === undefined) throw new CosError('MissingContentLength', 'PUT Object needs Content-Length');
  const md5 = call.headers['content-md5'];
  if (md5 !== undefined && md5 !== createHash('md5').update(call.body).digest('base64')) {
    throw new CosError('BadDigest', 'the Content-MD5 you specified did not match what was received');
  }
  const forbidOverwrite = String(call.headers['x-cos-forbid-overwrite'] ?? '').toLowerCase() === 'true';
  if (forbidOverwrite && bucket.versioning === null && bucket.objects.has(key)) {
    throw new CosError('FileAlreadyExists', 'the object already exists and x-cos-forbid-overwrite is true');
  }
  const contentType = String(call.headers['content-type'] ?? 'application/octet-stream');
  const object = ctx.store.put(bucket, key, call.body, contentType, ctx.now);
  return { status: 200, headers: { ETag: `"${object.etag}"` }, body: '' };
}

/** PUT Bucket (COS doc 436/7738). */
function putBucket(call: CosCall, ctx: CosContext): CosReply {
  const existing = ctx.store.buckets.get(call.bucketName);
  if (existing !== undefined && existing.region === call.region) throw new CosError('BucketAlreadyOwnedByYou', 'you already own this bucket');
  if (existing !== undefined) throw new CosError('BucketAlreadyExistsDiffRegion', `the bucket already exists in ${existing.region}`);
  if ((/^(.*)-\d+$/.exec(call.bucketName)?.[1]?.length ?? 0) > 50) throw new CosError('InvalidBucketName', 'BucketName is at most 50 characters');
  ctx.store.createBucket(call.bucketName, call.region);
  return { status: 200, headers: {}, body: '' };
}

/** GET Bucket (List Objects, COS doc 436/7734): prefix, marker (exclusive), max-keys. */
function listObjects(bucket: BucketRecord, call: CosCall, ctx: CosContext): CosReply {
  const prefix = call.query.get('prefix') ?? '';
  const marker = call.query.get('marker') ?? '';
  const rawMax = call.query.get('max-keys');
  if (rawMax !== undefined && !/^[1-9]\d{0,8}$/.test(rawMax))
    throw new CosError('InvalidArgument', 'max-keys is a whole number from 1 (above 1000 counts as 1000)');
  const maxKeys = Math.min(rawMax === undefined ? MAX_KEYS : Number(rawMax), MAX_KEYS);
  const after = Buffer.from(marker, 'utf8');
  const matching = ctx.store
    .sortedKeys(bucket)
    .filter((key) => key.startsWith(prefix) && (marker === '' || Buffer.compare(Buffer.from(key, 'utf8'), after) > 0));
  const page = matching.slice(0, maxKeys);
  const truncated = matching.length > page.length;
  const contents = page.map((key) => {
    const object = bucket.objects.get(key);
    if (object === undefined) return '';
    return (
      `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${new Date(object.lastModified).toISOString()}</LastModified>` +
      `<ETag>&quot;${object.etag}&quot;</ETag><Size>${object.body.length}</Size>` +
      `<Owner><ID>${bucket.appId}</ID><DisplayName>${bucket.appId}</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>`
    );
  });
  const next = truncated ? `<NextMarker>${xmlEscape(page.at(-1) ?? '')}</NextMarker>` : '';
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>${xmlEscape(bucket.name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
    `<Marker>${xmlEscape(marker)}</Marker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents.join('')}</ListBucketResult>`;
  return { status: 200, headers: { ...XML, 'x-cos-bucket-region': bucket.region }, body };
}
