import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usedActions } from '../../../lib/tools/build/used-actions';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

describe('examples/cam-policy.json, the execution role', () => {
  it('grants exactly the actions the SDK adapters call: nothing missing, nothing extra', () => {
    const policy = JSON.parse(readFileSync(root('examples/cam-policy.json'), 'utf8')) as { statement: { effect: string; action: string[] }[] };
    const granted = policy.statement.filter((s) => s.effect === 'allow').flatMap((s) => s.action.map((a) => a.split(':')[1]));
    expect(new Set(granted)).toEqual(usedActions(root('lib/function/tencent')));
    expect(granted).toHaveLength(new Set(granted).size);
  });
});
