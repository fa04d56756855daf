import type { Decision } from '../guardrails/decision';
import { passwordProblems, passwordRefusals, targetOs } from '../guardrails/password-fit';
import { AppError } from '../kernel/errors';
import { CloudCallError } from '../ports/cloud-error';
import type { EcmImage, EcmInstance } from '../ports/cloud-ports';
import type { Invocation } from './invocation';

/**
 * The secret holds the password as plain text (surrounding whitespace ignored), or as JSON
 * `{"password": "…"}`. A password may itself start with `{` (it is one of the allowed specials):
 * what does not parse as JSON is plain text.
 */
export function passwordFromSecret(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return trimmed;
    }
    if (typeof parsed === 'object' && parsed !== null && 'password' in parsed && typeof parsed.password === 'string') return parsed.password;
    return null;
  }
  // No allowed password character is whitespace: a trailing newline is how the secret was pasted.
  return trimmed === '' ? null : trimmed;
}

const cacheKey = (name: string, version: string) => `password:${name}:${version}`;

/** The password, and the instances whose OS refuses it (the rest can take it). */
export interface PasswordFit {
  /** null when no password secret is configured: no password is sent, as the API documents. */
  password: string | null;
  refusals: Decision[];
}

/**
 * Step 4: the new root password (cached for a warm container), checked against the rules of the
 * OS each instance will run, so a bad secret fails with a clear error before any reset: a password
 * only Windows refuses fails the Windows instances, not the Linux ones beside them; one every OS
 * of the request refuses throws Password.Policy. A refused value is not kept: a rotated secret
 * may be fixed soon.
 */
export async function passwordFor(inv: Invocation, instances: readonly EcmInstance[], image: EcmImage | null): Promise<PasswordFit> {
  const { passwordSecret, passwordSecretVersion } = inv.config;
  if (passwordSecret === null || instances.length === 0) return { password: null, refusals: [] };
  let value: string;
  try {
    value = await inv.secrets.get(cacheKey(passwordSecret, passwordSecretVersion), () => inv.cloud.getSecretValue(passwordSecret, passwordSecretVersion));
  } catch (e) {
    if (e instanceof CloudCallError) {
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
  const families = instances.map((i) => targetOs(image, i));
  const problems = passwordProblems(password, families, passwordSecret);
  if (problems.size > 0) {
    forgetPassword(inv);
    if (problems.size === new Set(families).size) throw new AppError('Password.Policy', [...problems.values()].join('; '));
  }
  return { password, refusals: passwordRefusals(problems, instances, image) };
}

/** After the API refused the password, the next invocation must not reuse the cached value. */
export function forgetPassword(inv: Invocation): void {
  if (inv.config.passwordSecret !== null) inv.secrets.forget(cacheKey(inv.config.passwordSecret, inv.config.passwordSecretVersion));
}
