import type { Clock } from './clock';

/**
 * Remembers fetched secrets for a warm container, for `ttlMs`. Made once per cold start by the
 * composition root and passed down (no module-level state).
 */
export interface SecretCache {
  get(key: string, load: () => Promise<string>): Promise<string>;
  forget(key: string): void;
}

export function createSecretCache(ttlMs: number, clock: Clock): SecretCache {
  const entries = new Map<string, { value: string; expires: number }>();
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && hit.expires > clock.now()) return hit.value;
      const value = await load();
      if (ttlMs > 0) entries.set(key, { value, expires: clock.now() + ttlMs });
      return value;
    },
    forget(key) {
      entries.delete(key);
    },
  };
}
