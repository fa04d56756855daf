import * as v from 'valibot';

/** A `tag:KEY=VALUE` selector: every instance carrying that tag. */
export interface TagSelector {
  key: string;
  value: string;
}

// Tag API limits: keys ≤ 127 chars, values ≤ 255; `=` cannot appear in a key here since it splits.
const SELECTOR_PATTERN = /^tag:([^=\s,]{1,127})=([^,]{0,255})$/;

export function parseSelector(text: string): TagSelector | null {
  const m = SELECTOR_PATTERN.exec(text.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { key: m[1], value: m[2] };
}

export const formatSelector = (s: TagSelector): string => `tag:${s.key}=${s.value}`;

export const SelectorSchema = v.pipe(
  v.string('selector must be a string'),
  v.check((s) => parseSelector(s) !== null, 'selector must look like tag:KEY=VALUE'),
  v.transform((s) => parseSelector(s) as TagSelector),
);
