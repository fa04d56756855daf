import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEDGER_COS_ACTIONS } from '../../../lib/function/tencent/cos/cos-ledger-store';
import { usedActions } from '../../../lib/tools/build/used-actions';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** Where CAM names an action differently from the API (SCF's Invoke is authorised as InvokeFunction). */
const CAM_NAME: Readonly<Record<string, string>> = { Invoke: 'InvokeFunction' };

describe('examples/cam-policy.json, the execution role', () => {
  const policy = JSON.parse(readFileSync(root('examples/cam-policy.json'), 'utf8')) as { statement: { effect: string; action: string[] }[] };
  const granted = policy.statement.filter((s) => s.effect === 'allow').flatMap((s) => s.action);

  it('grants exactly the API actions the SDK adapters call: nothing missing, nothing extra', () => {
    const api = granted.filter((a) => !a.startsWith('cos:')).map((a) => a.split(':')[1]);
    expect(new Set(api)).toEqual(new Set([...usedActions(root('lib/function/tencent'))].map((a) => CAM_NAME[a] ?? a)));
    expect(granted).toHaveLength(new Set(granted).size);
  });

  it('grants exactly the COS actions the ledger uses, on the ledger bucket only', () => {
    expect(new Set(granted.filter((a) => a.startsWith('cos:')))).toEqual(new Set(LEDGER_COS_ACTIONS.map((a) => `cos:${a}`)));
    const cos = policy.statement.filter((s) => s.action.some((a) => a.startsWith('cos:'))) as unknown as { resource: string[] }[];
    for (const s of cos) for (const r of s.resource) expect(r).toMatch(/^qcs::cos:[a-z-]+:uid\/\d+:ecm-reset-ledger-\d+\//);
  });
});
