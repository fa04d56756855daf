import { createHash } from 'node:crypto';
import type { ParsedSeed } from '../seed';
import { bucketAppId } from '../seed';

/** `null`: never enabled, the only state where `x-cos-forbid-overwrite` is honoured (COS doc 436/7749). */
export type BucketVersioning = 'Enabled' | 'Suspended' | null;

/** One stored object: the latest version only (the emulator keeps no older versions). */
export interface StoredObject {
  readonly body: Buffer;
  /** MD5 hex of the body, without quotes. */
  readonly etag: string;
  /** Emulator clock, ms. */
  readonly lastModified: number;
  readonly contentType: string;
}

export interface BucketRecord {
  /** `BucketName-APPID`. */
  readonly name: string;
  readonly region: string;
  readonly appId: number;
  /** Once Enabled, a bucket can only be Suspended, never back to null (PUT Bucket versioning). */
  versioning: BucketVersioning;
  readonly objects: Map<string, StoredObject>;
}

/** COS buckets and their objects. */
export class CosStore {
  /** Keyed by name: names are unique per account across regions (COS doc 436/14518). */
  readonly buckets: Map<string, BucketRecord>;

  constructor(seed: ParsedSeed) {
    this.buckets = new Map(
      seed.buckets.map((b) => [b.name, { name: b.name, region: b.region, appId: bucketAppId(b.name), versioning: b.versioning ?? null, objects: new Map() }]),
    );
  }

  createBucket(name: string, region: string): BucketRecord {
    const bucket: BucketRecord = { name, region, appId: bucketAppId(name), versioning: null, objects: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  /** Stores (or replaces) an object. */
  put(bucket: BucketRecord, key: string, body: Buffer, contentType: string, now: number): StoredObject {
    const object: StoredObject = { body, etag: createHash('md5').update(body).digest('hex'), lastModified: now, contentType };
    bucket.objects.set(key, object);
    return object;
  }

  /** Keys in UTF-8 byte order, the order GET Bucket lists them in (COS doc 436/7734). */
  sortedKeys(bucket: BucketRecord): string[] {
    return [...bucket.objects.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  }
}
