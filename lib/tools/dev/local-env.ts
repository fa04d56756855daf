import { fileURLToPath } from 'node:url';
import { configWarnings } from '../../function/config/config-warnings';
import type { ParsedSeed } from '../emulator/index';
import { readDotenv } from './dotenv';

export const LOCAL_ENV_PATH = fileURLToPath(new URL('../../../examples/local.env', import.meta.url));

/** Variables the local tools may take from the caller's shell (everything else is ignored). */
const PASSED_THROUGH = /^(TENCENTCLOUD_|RESET_)/;

/** RESET_* variables the tools read themselves (`call`), never the function: not passed to it, not warned about. */
export const TOOL_VARIABLES: readonly string[] = ['RESET_CALLER_KEY', 'RESET_URL'];

/**
 * Warnings about the RESET_* variables a person set (in the shell or the env file): unknown names
 * with the closest known one, and allow-list entries holding a `;`. One line each.
 */
export function localWarnings(shell: Readonly<Record<string, string | undefined>>, fromFile: Readonly<Record<string, string>>): string[] {
  const given: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(shell)) if (k.startsWith('RESET_') && v !== undefined) given[k] = v;
  return configWarnings(given, TOOL_VARIABLES).map((w) => w.message);
}

/** Where the function is pointed, and by whom its credentials are chosen. */
export type LocalTarget =
  /** An emulator this tool started with the seed: the endpoint and credentials are the seed's, whatever the shell says. */
  | { kind: 'own-emulator'; url: string }
  /** An endpoint the caller named (RESET_API_ENDPOINT): the caller's credentials win over the seed's. */
  | { kind: 'external'; url: string };

export interface LocalEnvironment {
  env: Record<string, string>;
  /** Shell or env-file variables that were set but not used, with why (for a note on stderr). */
  ignored: string[];
}

/** A variable set to the empty string counts as unset (`RESET_API_ENDPOINT= npm run invoke`). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Where the calls go and as whom: against the tool's own emulator these come from the seed only (a proxy would see every call). */
const PINNED = [
  'RESET_API_ENDPOINT',
  'RESET_API_PROXY',
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'TENCENTCLOUD_SESSIONTOKEN',
  'TENCENTCLOUD_UIN',
] as const;

/**
 * The function's environment against an emulator: plumbing from the seed (credentials,
 * region, UIN, endpoint, topic), then the env file (examples/local.env unless one is given),
 * then RESET_* / TENCENTCLOUD_* variables of the caller's shell, which win.
 *
 * Against the tool's own emulator the endpoint and credentials are pinned to it: a
 * RESET_API_ENDPOINT or real TENCENTCLOUD_* key left in the shell must never send a local
 * demo's ResetInstances to the real cloud. A TENCENTCLOUD_SECRETID that the seed knows still
 * selects that seeded credential (to try, say, one without permission).
 */
export function localEnvironment(
  seed: ParsedSeed,
  target: LocalTarget,
  envFile: string | null,
  shell: Readonly<Record<string, string | undefined>>,
): LocalEnvironment {
  const fromFile = readDotenv(envFile ?? LOCAL_ENV_PATH);
  const fromShell: Record<string, string> = {};
  for (const [k, v] of Object.entries(shell)) if (PASSED_THROUGH.test(k) && !TOOL_VARIABLES.includes(k) && v !== undefined) fromShell[k] = v;

  const chosenId = target.kind === 'own-emulator' ? nonEmpty(fromShell['TENCENTCLOUD_SECRETID'] ?? fromFile['TENCENTCLOUD_SECRETID']) : undefined;
  const cred = seed.credentials.find((c) => c.secretId === chosenId) ?? seed.credentials[0];
  const topic = seed.topics[0];
  const seeded: Record<string, string> = {
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    TENCENTCLOUD_UIN: cred?.uin ?? '100000000001',
    RESET_API_ENDPOINT: target.url,
  };
  if (cred) {
    seeded['TENCENTCLOUD_SECRETID'] = cred.secretId;
    seeded['TENCENTCLOUD_SECRETKEY'] = cred.secretKey;
    if (cred.token) seeded['TENCENTCLOUD_SESSIONTOKEN'] = cred.token;
  }
  if (topic !== undefined) seeded['RESET_TOPIC'] = typeof topic === 'string' ? topic : topic.name;
  const bucket = seed.buckets?.[0];
  if (bucket !== undefined) {
    seeded['RESET_LEDGER_BUCKET'] = bucket.name;
    seeded['RESET_LEDGER_REGION'] = bucket.region;
  }

  const env: Record<string, string> = { ...seeded, ...fromFile, ...fromShell };
  if (nonEmpty(env['RESET_API_ENDPOINT']) === undefined) env['RESET_API_ENDPOINT'] = target.url;
  const ignored: string[] = [];
  if (target.kind === 'own-emulator') {
    for (const name of PINNED) {
      const given = nonEmpty(fromShell[name] ?? fromFile[name]);
      if (given !== undefined && given !== seeded[name] && !(name === 'TENCENTCLOUD_SECRETID' && given === cred?.secretId)) {
        ignored.push(`${name} (the function runs against the emulator it started, as the seed's ${cred?.secretId ?? 'credential'})`);
      }
      if (seeded[name] === undefined) delete env[name];
      else env[name] = seeded[name];
    }
  }
  return { env, ignored };
}
