import { CloudCallError } from '../../ports/cloud-error';
import type { LedgerStore } from '../../ports/cloud-ports';
import type { CosClient } from './cos-client';

/**
 * The COS actions the ledger uses, as CAM names them (COS doc 436/31923): what the execution role
 * needs on the ledger's bucket (objects under its prefix; the bucket for its versioning).
 */
export const LEDGER_COS_ACTIONS = ['GetObject', 'PutObject', 'DeleteObject', 'GetBucketVersioning'] as const;

export interface CosLedgerStoreOptions {
  readonly client: CosClient;
  /** Every key is stored under this prefix (`ecm-reset/ledger/`); `''` for the bucket's root. A `/` is added when missing. */
  readonly prefix: string;
  /**
   * Before the first create, check that the bucket never had versioning (default true): COS honours
   * `x-cos-forbid-overwrite` only on such buckets (PUT Object, COS doc 436/7749; GET Bucket versioning,
   * COS doc 436/19888), and versioning can be suspended but never turned off again.
   */
  readonly checkVersioning?: boolean;
}

/**
 * The ledger's LedgerStore on a COS bucket. `create` is a PUT Object with `x-cos-forbid-overwrite: true`,
 * decided by COS itself, so two invocations creating one key cannot both win. Failures are the client's
 * CloudCallErrors (service `cos`), classified for the caller's retry policy; this store does not retry.
 * A create that failed ambiguously and is retried may find its own object and answer false: the caller
 * tells that apart by reading the key back.
 * @example
 * const store = createCosLedgerStore({ client: createCosClient({ … }), prefix: 'ecm-reset/ledger/' });
 * if (await store.create('slot/2024-05-16T06', body)) { … }
 */
export function createCosLedgerStore(options: CosLedgerStoreOptions): LedgerStore {
  const { client } = options;
  const prefix = options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  const full = (key: string): string => {
    if (key === '' || key.startsWith('/')) throw new RangeError(`a ledger key is relative and not empty: ${JSON.stringify(key)}`);
    return `${prefix}${key}`;
  };

  let versioningChecked: Promise<void> | null = null;
  const neverVersioned = (): Promise<void> => {
    if (options.checkVersioning === false) return Promise.resolve();
    versioningChecked ??= client.getBucketVersioning().then(
      (versioning) => {
        if (versioning === 'never') return;
        throw new CloudCallError(
          'cos',
          'GetBucketVersioning',
          'rejected',
          `the ledger bucket (${client.host}) has versioning ${versioning}: COS does not honour x-cos-forbid-overwrite there, so it cannot hold the ledger`,
          undefined,
          undefined,
          null,
        );
      },
      (error: unknown) => {
        // A failed check is asked again next time; a bucket found versioned stays refused.
        versioningChecked = null;
        throw error;
      },
    );
    return versioningChecked;
  };

  return {
    async read(key, options = {}) {
      return (await client.getObject(full(key), options))?.body ?? null;
    },
    async create(key, body, options = {}) {
      const name = full(key);
      await neverVersioned();
      return (await client.putObject(name, body, { forbidOverwrite: true, ...options })) === 'created';
    },
    async write(key, body, options = {}) {
      await client.putObject(full(key), body, { forbidOverwrite: false, ...options });
    },
    async remove(key, options = {}) {
      await client.deleteObject(full(key), options);
    },
  };
}
