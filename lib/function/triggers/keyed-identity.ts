import { createHash } from 'node:crypto';

/** A valid request nests three levels deep; a body nested deeper than this is invalid anyway. */
const MAX_DEPTH = 32;

class TooDeep extends Error {}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown, depth = 0): string {
  // Recursion on an attacker's nesting must not exhaust the stack (a 60 KB body can nest 30,000 deep).
  if (depth > MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The identity of a request that carries an `idempotencyKey` (a non-empty string; validation
 * checks its form later): the key and a hash of everything else in the body. A retry (same key,
 * same body) is the same request; the same key on a different request (other instances, another
 * image) is a different one, so it is never answered with the first request's result, nor
 * skipped as its duplicate. null when the body has no key, or is nested too deep to be a request
 * (validation then refuses it under the event's own identity).
 */
export function keyedIdentity(prefix: string, payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { idempotencyKey: key, ...rest } = payload as Record<string, unknown>;
  if (typeof key !== 'string' || key === '') return null;
  let canonical: string;
  try {
    canonical = canonicalJson(rest);
  } catch (e) {
    if (e instanceof TooDeep) return null;
    throw e;
  }
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 32);
  return `${prefix}:key:${key}:${digest}`;
}
