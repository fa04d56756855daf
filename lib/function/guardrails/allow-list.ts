import type { AllowList } from '../config/allow-list';

/** Whether an instance may be reset: by id, by one of its tags, or by `*`. */
export function isAllowed(allow: AllowList, instanceId: string, tags: Readonly<Record<string, string>>): boolean {
  if (allow.any || allow.instanceIds.has(instanceId)) return true;
  return allow.selectors.some((s) => tags[s.key] === s.value);
}
