import { AppError } from '../kernel/errors';
import { checkInstancePassword } from '../guardrails/password-policy';
import { isCloudError } from './cloud-failure';
import type { Invocation } from './invocation';

/** The secret holds the password as plain text (surrounding whitespace ignored), or as JSON `{"password": "…"}`. */
export function passwordFromSecret(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && 'password' in parsed && typeof parsed.password === 'string') return parsed.password;
      return null;
    } catch {
      return null;
    }
  }
  // No allowed password character is whitespace: a trailing newline is how the secret was pasted.
  return trimmed === '' ? null : trimmed;
}

const cacheKey = (name: string, version: string) => `password:${name}:${version}`;

/** The password rules an OS type follows: Windows' for Windows, Linux's for anything else (ECM checks the image's OS). */
export const passwordOs = (osType: string | null): 'linux' | 'windows' => (osType === 'windows' ? 'windows' : 'linux');

/** The password, and the operating systems whose rules it breaks (those instances cannot take it). */
export interface FetchedPassword {
  password: string;
  /** OS (`linux`, `windows`) → why the password does not meet its rules. */
  refused: ReadonlyMap<string, string>;
}

/**
 * Fetches the new root password (cached for a warm container) and checks it against the
 * instance password rules of each OS the instances will run, so a bad secret fails with a clear
 * error before any reset. A password that only Windows refuses fails the Windows instances, not
 * the Linux ones beside them; one that every OS of the request refuses throws Password.Policy.
 * Returns null when no password secret is configured.
 */
export async function fetchPassword(inv: Invocation, osTypes: readonly (string | null)[]): Promise<FetchedPassword | null> {
  const { passwordSecret, passwordSecretVersion } = inv.config;
  if (passwordSecret === null) return null;
  let value: string;
  try {
    value = await inv.secrets.get(cacheKey(passwordSecret, passwordSecretVersion), () => inv.cloud.getSecretValue(passwordSecret, passwordSecretVersion));
  } catch (e) {
    if (isCloudError(e)) {
      throw new AppError('Password.Unavailable', `could not read the password secret ${passwordSecret}: ${e.tencentCode ?? e.failure}`, {
        ...(e.tencentCode === undefined ? {} : { tencentCode: e.tencentCode }),
        ...(e.apiRequestId === undefined ? {} : { apiRequestId: e.apiRequestId }),
        cause: e,
      });
    }
    throw e;
  }
  inv.log.redact(value);
  const password = passwordFromSecret(value);
  if (password === null) {
    throw new AppError('Password.Policy', `the secret ${passwordSecret} holds no password (plain text, or JSON with a "password" key)`);
  }
  inv.log.redact(password);
  const systems = [...new Set(osTypes.map(passwordOs))];
  const refused = new Map<string, string>();
  for (const os of systems) {
    const check = checkInstancePassword(password, os);
    if (!check.ok) refused.set(os, `the password in ${passwordSecret} does not meet the ${os} password rules: ${check.reason}`);
  }
  if (refused.size > 0) {
    // A rotated secret may be fixed soon: do not keep the bad value.
    inv.secrets.forget(cacheKey(passwordSecret, passwordSecretVersion));
    if (refused.size === systems.length) throw new AppError('Password.Policy', [...refused.values()].join('; '));
  }
  return { password, refused };
}

/** After the API refused the password, the next invocation must not reuse the cached value. */
export function forgetPassword(inv: Invocation): void {
  if (inv.config.passwordSecret !== null) inv.secrets.forget(cacheKey(inv.config.passwordSecret, inv.config.passwordSecretVersion));
}
