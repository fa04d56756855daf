import { readFileSync } from 'node:fs';
import { DEMO_SEED_PATH, type Emulator, type Seed } from '../lib/tools/emulator/index';
import type { Row } from './report';

/** One bench run: where it works, the emulator, and what it reports. */
export interface Bench {
  /** A temporary directory outside the repository: nothing there resolves node_modules. */
  work: string;
  emu: Emulator;
  seed: Seed;
  rows: Row[];
  notes: string[];
  raw: Record<string, unknown>;
}

export const API_RATE = 20;
export const RESET_BATCH = 100;
export const SCF_MIN_MEMORY_MB = 64;
/** examples/seed.json ecm-reset/auth-keys[0]. */
export const KEY = '3f8a1c9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a';
export const REGION = 'ap-guangzhou';

export const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
export const demoSeed = (): Seed => JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;

/** `ein-<prefix>000001`…: ids are `ein-` + 8 lower-case letters or digits. */
export const poolId = (prefix: string, n: number): string => `ein-${prefix}${String(n).padStart(8 - prefix.length, '0')}`;

/** The demo seed plus `size` running Linux instances `ein-<prefix>…` tagged `pool=<prefix>`. */
export function withPool(base: Seed, prefix: string, size: number): Seed {
  const pool = Array.from({ length: size }, (_, i) => ({
    instanceId: poolId(prefix, i + 1),
    instanceName: `bench-${prefix}-${i + 1}`,
    state: 'RUNNING',
    imageId: 'img-aaaaaaaa',
    memoryGb: 2,
    osType: 'linux',
    tags: { pool: prefix },
  }));
  return { ...base, instances: [...(base.instances ?? []), ...pool] } as Seed;
}

/** The function's environment against the emulator, as the tests use it, with the bench's own limits. */
export function functionEnv(b: Bench, extra: Record<string, string> = {}): Record<string, string> {
  const cred = b.seed.credentials[0];
  if (cred === undefined) throw new Error('seed without credentials');
  return {
    TENCENTCLOUD_SECRETID: cred.secretId,
    TENCENTCLOUD_SECRETKEY: cred.secretKey,
    TENCENTCLOUD_REGION: REGION,
    TENCENTCLOUD_UIN: '100012345678',
    RESET_API_ENDPOINT: b.emu.url,
    RESET_TOPIC: 'ecm-reset-results',
    RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000',
    RESET_PASSWORD_SECRET: 'ecm-reset/root-password',
    RESET_AUTH_SECRET: 'ecm-reset/auth-keys',
    RESET_ALLOW: 'tag:pool=wm,tag:pool=fl',
    RESET_MAX_PER_HOUR: '100000',
    ...extra,
  };
}

/** The results of the previous run (bench/results.json before this one): the "before" of a change. */
export interface Previous {
  value(metricStart: string): string | null;
}

export function previousResults(text: string | null): Previous {
  const rows = text === null ? [] : ((JSON.parse(text) as { rows?: Row[] }).rows ?? []);
  return { value: (start) => rows.find((r) => r.metric.startsWith(start))?.value ?? null };
}
