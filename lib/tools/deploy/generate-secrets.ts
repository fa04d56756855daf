/**
 * The secrets `npm run deploy -- --setup` creates when they are missing. Their values go straight to
 * SSM and are never printed: whoever may read the secret reads it there.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PASSWORD_SPECIALS } from '../../function/guardrails/password-policy';

/** Caller keys for RESET_AUTH_SECRET: a JSON array (room for rotation) holding one key of 64 hex digits (256 bits). */
export function generateCallerKeys(): string {
  return JSON.stringify([randomBytes(32).toString('hex')]);
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

const pick = (from: string): string => from[randomInt(from.length)] as string;

/**
 * A root password both OS families take (ECM ResetInstancesPassword's rules, lib/function/guardrails/password-policy.ts):
 * 16 characters (Linux 8–16, Windows 12–16) with lower- and upper-case letters, digits and specials from
 * ( ) ` ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? / (Windows needs three classes, Linux two), not
 * starting with `/`.
 */
export function generatePassword(length = 16): string {
  const all = LOWER + UPPER + DIGITS + PASSWORD_SPECIALS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(PASSWORD_SPECIALS)];
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates with a CSPRNG, so the guaranteed classes sit anywhere.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  if (chars[0] === '/') {
    const k = chars.findIndex((c) => c !== '/');
    [chars[0], chars[k]] = [chars[k] as string, '/'];
  }
  return chars.join('');
}
