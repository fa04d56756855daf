import { readFileSync } from 'node:fs';
import type { Emulator, EmulatorOptions, Seed } from '../../lib/tools/emulator/index';
import { createEmulator, DEMO_SEED_PATH } from '../../lib/tools/emulator/index';

/** The SDK's ClientProfile pointing at an emulator. */
export interface EmulatorProfile {
  readonly httpProfile: { readonly endpoint: string; readonly protocol: 'http://'; reqTimeout?: number };
}

export interface StartedEmulator {
  readonly emulator: Emulator;
  /** `127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly profile: EmulatorProfile;
  /** The seed's first credentials (the demo, permanent ones). */
  readonly credential: { readonly secretId: string; readonly secretKey: string };
  /** A complete SDK client config: credential, region and profile. */
  readonly clientConfig: {
    readonly credential: { readonly secretId: string; readonly secretKey: string };
    readonly region: string;
    readonly profile: EmulatorProfile;
  };
  close(): Promise<void>;
}

/** Region used in tests; SSM and TDMQ insist on one. */
export const TEST_REGION = 'ap-guangzhou';

/** The demo seed as written in examples/seed.json (read fresh: callers may mutate it). */
export function demoSeed(): Seed {
  return JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;
}

/**
 * Starts an emulator on a free port with the demo seed, top-level fields of `seed`
 * replacing the demo's (e.g. `{ resetDurationMs: 0 }` or a whole `instances` list).
 */
export async function startEmulator(seed: Partial<Seed> = {}, options: Omit<EmulatorOptions, 'seed'> = {}): Promise<StartedEmulator> {
  const merged: Seed = { ...demoSeed(), ...seed } as Seed;
  const emulator = await createEmulator({ ...options, seed: merged, port: options.port ?? 0 });
  const first = merged.credentials[0];
  if (first === undefined) throw new Error('the seed has no credentials');
  const credential = { secretId: first.secretId, secretKey: first.secretKey };
  const profile: EmulatorProfile = { httpProfile: { endpoint: emulator.endpoint, protocol: 'http://' } };
  return {
    emulator,
    endpoint: emulator.endpoint,
    profile,
    credential,
    clientConfig: { credential, region: TEST_REGION, profile },
    close: () => emulator.close(),
  };
}
