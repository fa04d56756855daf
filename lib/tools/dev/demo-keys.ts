/**
 * The demo keys the local tools sign with: the first caller key of the seed's RESET_AUTH_SECRET
 * secret (v1 and the alarm token) and the Slack signing secret of its RESET_SLACK_SECRET secret
 * (Slack's v0). They exist only in the seed, so they work only against a local emulator.
 */
import { parseAuthKeys } from '../../function/http/auth-keys';
import { isAppError } from '../../function/kernel/errors';
import type { ParsedSeed } from '../emulator/index';

export interface DemoKeys {
  callerKey: string | null;
  slackSecret: string | null;
}

function currentValue(seed: ParsedSeed, name: string | undefined): string | null {
  if (name === undefined || name === '') return null;
  const value = seed.secrets.find((s) => s.name === name)?.versions['SSM_Current'];
  return typeof value === 'string' ? value : null;
}

/** The first caller key the seed holds under RESET_AUTH_SECRET, if any. */
export function seedCallerKey(seed: ParsedSeed, secretName: string | undefined): string | null {
  const value = currentValue(seed, secretName);
  if (value === null) return null;
  const keys = parseAuthKeys(value);
  return isAppError(keys) ? null : (keys[0] ?? null);
}

export function demoKeys(seed: ParsedSeed, env: Readonly<Record<string, string | undefined>>): DemoKeys {
  return {
    callerKey: seedCallerKey(seed, env['RESET_AUTH_SECRET']),
    slackSecret: currentValue(seed, env['RESET_SLACK_SECRET'])?.trim() ?? null,
  };
}
