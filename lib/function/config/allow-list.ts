import { INSTANCE_ID_PATTERN } from '../request/ids';
import { parseSelector, type TagSelector } from '../request/selector';

/** RESET_ALLOW parsed: deny by default; `*` allows everything. */
export interface AllowList {
  any: boolean;
  instanceIds: ReadonlySet<string>;
  selectors: readonly TagSelector[];
}

export const DENY_ALL: AllowList = { any: false, instanceIds: new Set(), selectors: [] };

/** Parses `ein-…, tag:KEY=VALUE, *`; returns the entries it could not read. */
export function parseAllowList(text: string): { allow: AllowList; invalid: string[] } {
  const ids = new Set<string>();
  const selectors: TagSelector[] = [];
  const invalid: string[] = [];
  let any = false;
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry === '*') any = true;
    else if (INSTANCE_ID_PATTERN.test(entry)) ids.add(entry);
    else {
      const selector = parseSelector(entry);
      if (selector) selectors.push(selector);
      else invalid.push(entry);
    }
  }
  return { allow: { any, instanceIds: ids, selectors }, invalid };
}
