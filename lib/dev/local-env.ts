import { fileURLToPath } from 'node:url';
import type { ParsedSeed } from '../emulator/index';
import { readDotenv } from './dotenv';

export const LOCAL_ENV_PATH = fileURLToPath(new URL('../../examples/local.env', import.meta.url));

/** Variables the local tools may take from the caller's shell (everything else is ignored). */
const PASSED_THROUGH = /^(TENCENTCLOUD_|RESET_)/;

/**
 * The function's environment against an emulator: plumbing from the seed (credentials,
 * region, UIN, endpoint, topic), then the env file (examples/local.env unless one is given),
 * then RESET_* / TENCENTCLOUD_* variables of the caller's shell, which win.
 */
export function localEnvironment(
  seed: ParsedSeed,
  emulatorUrl: string,
  envFile: string | null,
  shell: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const cred = seed.credentials[0];
  const topic = seed.topics[0];
  const env: Record<string, string> = {
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    TENCENTCLOUD_UIN: cred?.uin ?? '100000000001',
    RESET_API_ENDPOINT: emulatorUrl,
  };
  if (cred) {
    env['TENCENTCLOUD_SECRETID'] = cred.secretId;
    env['TENCENTCLOUD_SECRETKEY'] = cred.secretKey;
    if (cred.token) env['TENCENTCLOUD_SESSIONTOKEN'] = cred.token;
  }
  if (topic !== undefined) env['RESET_TOPIC'] = typeof topic === 'string' ? topic : topic.name;
  Object.assign(env, readDotenv(envFile ?? LOCAL_ENV_PATH));
  for (const [k, v] of Object.entries(shell)) if (PASSED_THROUGH.test(k) && v !== undefined) env[k] = v;
  return env;
}
