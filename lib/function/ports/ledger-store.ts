/**
 * Where the guardrail ledger lives: small objects in a store with a create-if-absent write. COS
 * implements it with PUT Object and `x-cos-forbid-overwrite: true` (COS doc 436/7749) on a bucket
 * that never had versioning; keys are relative to the ledger's prefix.
 */
export interface LedgerStore {
  /** The object's text, or null when there is none. */
  read(key: string): Promise<string | null>;
  /** Writes the object unless one exists: true when this call created it, false when it existed. */
  create(key: string, body: string): Promise<boolean>;
  /** Writes the object, replacing any (hints such as the latest checkpoint). */
  write(key: string, body: string): Promise<void>;
}
