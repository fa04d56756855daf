import { createHash, randomBytes } from 'node:crypto';
import type { InvocationRecord } from '../invoke-dispatch';
import { readBackDesc } from '../rules/scf-trigger-desc';
import type { FunctionSeed, ParsedSeed, TriggerSeed } from '../seed';
import { documentText } from '../seed-mgmt';

/**
 * A function's `Status` (doc api/583/115197). Management calls are asynchronous: CreateFunction leaves
 * `Creating`, the updates `Updating`, DeleteFunction `Deleting`, each for the seed's `scfSettleMs`.
 */
export type FunctionStatus = 'Creating' | 'CreateFailed' | 'Active' | 'Updating' | 'UpdateFailed' | 'Deleting' | 'DeleteFailed';

export interface EnvironmentVariable {
  readonly Key: string;
  readonly Value: string;
}

export interface TriggerRecord {
  readonly name: string;
  readonly type: string;
  readonly qualifier: string;
  /** TriggerDesc as ListTriggers reads it back (a timer's `{"cron":…}`, an http trigger's URLs). */
  desc: string;
  enable: 0 | 1;
  customArgument: string;
  description: string;
  readonly addTime: number;
  modTime: number;
}

export interface FunctionRecord {
  readonly name: string;
  readonly namespace: string;
  readonly functionId: string;
  /** Creation order, the tie-break of listings. */
  readonly seq: number;
  readonly runtime: string;
  readonly type: 'Event' | 'HTTP';
  /** Only CreateFunction sets it (UpdateFunctionConfiguration has no such field). */
  readonly asyncRunEnable: 'TRUE' | 'FALSE';
  readonly traceEnable: 'TRUE' | 'FALSE';
  handler: string;
  memorySize: number;
  timeout: number;
  initTimeout: number;
  description: string;
  role: string;
  environment: EnvironmentVariable[];
  code: { size: number; sha256: string };
  status: FunctionStatus;
  statusReason: string | null;
  /** When a transitional status (Creating, Updating, Deleting) ends, on the emulator clock. */
  settlesAt: number | null;
  readonly addTime: number;
  modTime: number;
  triggers: TriggerRecord[];
  reservedMem: number | null;
  asyncRetry: { retryNums: number[]; msgTtl: number };
}

/**
 * Async retry configuration before any UpdateFunctionEventInvokeConfig: two retries for user errors (doc
 * 583/33126 "automatically retry twice"); the default message retention is UNCONFIRMED (6 hours here).
 */
export const DEFAULT_ASYNC_RETRY = { retryNums: [2], msgTtl: 21_600 } as const;

/** A function seeded without a zip: an empty archive's digest, so the snapshot still has one. */
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
/** Seeded functions were created at this time (as seeded instances' createTime). */
const SEEDED_AT = Date.UTC(2024, 0, 1);

/** SCF's functions, their triggers and every Invoke, in one region. */
export class ScfStore {
  readonly appId: number;
  readonly settleMs: number;
  /** Keyed by `namespace/name`. */
  readonly functions = new Map<string, FunctionRecord>();
  readonly invocations: InvocationRecord[] = [];
  private seq = 0;

  constructor(seed: ParsedSeed) {
    this.appId = seed.appId;
    this.settleMs = seed.scfSettleMs;
    for (const fn of seed.functions) this.add(seededFunction(fn, this.nextSeq(), seed.appId));
  }

  fn(namespace: string, name: string): FunctionRecord | undefined {
    return this.functions.get(`${namespace}/${name}`);
  }

  add(record: FunctionRecord): void {
    this.functions.set(`${record.namespace}/${record.name}`, record);
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Puts a function in a transitional status until `now + settleMs`. */
  begin(fn: FunctionRecord, status: 'Creating' | 'Updating' | 'Deleting', now: number): void {
    fn.status = status;
    fn.statusReason = null;
    fn.settlesAt = now + this.settleMs;
    fn.modTime = now;
  }

  /** Ends every transition whose time is up: Creating and Updating become Active, Deleting removes the function. */
  settle(now: number): void {
    for (const [key, fn] of this.functions) {
      if (fn.settlesAt === null || now < fn.settlesAt) continue;
      fn.settlesAt = null;
      if (fn.status === 'Deleting') this.functions.delete(key);
      else fn.status = 'Active';
    }
  }
}

/** A function URL's id: 10 lower-case letters and digits (as in `https://1250000000-9i9j1kpa67.ap-guangzhou.tencentscf.com`). */
export function newUrlId(seedText?: string): string {
  const bytes = seedText === undefined ? randomBytes(16) : createHash('sha256').update(seedText).digest();
  return [...bytes.subarray(0, 10)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
}

/** `lam-` and 8 letters or digits, the shape of SCF's FunctionId. */
export function newFunctionId(seedText?: string): string {
  return `lam-${newUrlId(seedText).slice(0, 8)}`;
}

function seededFunction(fn: FunctionSeed, seq: number, appId: number): FunctionRecord {
  return {
    name: fn.name,
    namespace: fn.namespace,
    functionId: newFunctionId(`${fn.namespace}/${fn.name}`),
    seq,
    runtime: fn.runtime,
    type: fn.type,
    asyncRunEnable: fn.asyncRunEnable ? 'TRUE' : 'FALSE',
    traceEnable: 'FALSE',
    handler: fn.handler,
    memorySize: fn.memorySize,
    timeout: fn.timeout,
    initTimeout: 65,
    description: fn.description,
    role: fn.role ?? '',
    environment: Object.entries(fn.environment).map(([Key, Value]) => ({ Key, Value })),
    code: { size: fn.codeSize, sha256: fn.codeSha256 ?? EMPTY_SHA256 },
    status: fn.status,
    statusReason: fn.statusReason ?? (fn.status === 'Active' ? null : `${fn.status} (seeded)`),
    settlesAt: null,
    addTime: SEEDED_AT,
    modTime: SEEDED_AT,
    triggers: fn.triggers.map((t) => seededTrigger(fn, t, appId)),
    reservedMem: fn.reservedMem ?? null,
    asyncRetry: { retryNums: [...DEFAULT_ASYNC_RETRY.retryNums], msgTtl: DEFAULT_ASYNC_RETRY.msgTtl },
  };
}

function seededTrigger(fn: FunctionSeed, t: TriggerSeed, appId: number): TriggerRecord {
  const urlId = newUrlId(`${fn.namespace}/${fn.name}/${t.name}`);
  const desc = readBackDesc(t.type, documentText(t.desc), { appId, urlId, region: t.region });
  return {
    name: t.name,
    type: t.type,
    qualifier: t.qualifier,
    // The seed was validated, so a refusal cannot happen here; keep the text as given if it did.
    desc: typeof desc === 'string' ? desc : documentText(t.desc),
    enable: t.enable ? 1 : 0,
    customArgument: t.customArgument,
    description: t.description,
    addTime: SEEDED_AT,
    modTime: SEEDED_AT,
  };
}
