import { readFileSync } from 'node:fs';

/** Folders under test/fixtures/events: one per trigger, plus events no trigger accepts. */
export type FixtureTrigger = 'api-gateway' | 'timer' | 'alarm' | 'eventbridge' | 'cmq' | 'ckafka' | 'invoke' | 'unrecognized';

const cache = new Map<string, unknown>();

/**
 * A real event payload from `test/fixtures/events/<trigger>/<name>.json`, as a fresh copy that
 * a test may change freely.
 */
export function loadEvent(trigger: FixtureTrigger, name: string): unknown {
  const key = `${trigger}/${name}`;
  if (!cache.has(key)) {
    const url = new URL(`../fixtures/events/${key}.json`, import.meta.url);
    cache.set(key, JSON.parse(readFileSync(url, 'utf8')) as unknown);
  }
  return structuredClone(cache.get(key));
}

/** `loadEvent` for a fixture the test reads fields of: a JSON object. */
export function loadObject(trigger: FixtureTrigger, name: string): Record<string, unknown> {
  const event = loadEvent(trigger, name);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new Error(`fixture ${trigger}/${name} is not a JSON object`);
  }
  return event as Record<string, unknown>;
}
