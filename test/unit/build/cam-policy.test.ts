import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEDGER_COS_ACTIONS } from '../../../lib/function/tencent/cos/cos-ledger-store';
import { usedActions } from '../../../lib/tools/build/used-actions';
import { readPolicyTemplate, renderPolicy } from '../../../lib/tools/deploy/cam-policy';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** Where CAM names an action differently from the API (SCF's Invoke is authorised as InvokeFunction). */
const CAM_NAME: Readonly<Record<string, string>> = { Invoke: 'InvokeFunction' };

const VALUES = {
  uin: '100012345678',
  appId: '1250000000',
  region: 'ap-guangzhou',
  namespace: 'default',
  functionName: 'ecm-reset',
  topic: 'ecm-reset-results',
  secrets: ['ecm-reset-root-password', 'ecm-reset-auth-keys'],
  bucket: 'ecm-reset-ledger-1250000000',
  ledgerRegion: 'ap-guangzhou',
  prefix: 'ecm-reset/',
};

describe('the execution role policy (examples/cam-policy.template.json, rendered by lib/tools/deploy/cam-policy.ts)', () => {
  const template = readPolicyTemplate();
  const policy = renderPolicy(template, VALUES);
  const granted = policy.statement.filter((s) => s.effect === 'allow').flatMap((s) => s.action);

  it('grants exactly the API actions the SDK adapters call: nothing missing, nothing extra', () => {
    const api = granted.filter((a) => !a.startsWith('cos:')).map((a) => a.split(':')[1]);
    expect(new Set(api)).toEqual(new Set([...usedActions(root('lib/function/tencent'))].map((a) => CAM_NAME[a] ?? a)));
    expect(granted).toHaveLength(new Set(granted).size);
    // Rendering changes resources only.
    expect(template.statement.flatMap((s) => s.action)).toEqual(granted);
  });

  it('grants exactly the COS actions the ledger uses, on the ledger bucket only', () => {
    expect(new Set(granted.filter((a) => a.startsWith('cos:')))).toEqual(new Set(LEDGER_COS_ACTIONS.map((a) => `cos:${a}`)));
    const cos = policy.statement.filter((s) => s.action.some((a) => a.startsWith('cos:')));
    expect(cos.flatMap((s) => s.resource)).toEqual([
      'qcs::cos:ap-guangzhou:uid/1250000000:ecm-reset-ledger-1250000000/ecm-reset/*',
      'qcs::cos:ap-guangzhou:uid/1250000000:ecm-reset-ledger-1250000000/',
    ]);
  });

  it('names each secret, the topic and the function itself, for this account and region', () => {
    const resources = (action: string) => policy.statement.filter((s) => s.action.includes(action)).flatMap((s) => s.resource);
    expect(resources('ssm:GetSecretValue')).toEqual([
      'qcs::ssm:ap-guangzhou:uin/100012345678:secret/creatorUin/100012345678/ecm-reset-root-password',
      'qcs::ssm:ap-guangzhou:uin/100012345678:secret/creatorUin/100012345678/ecm-reset-auth-keys',
    ]);
    expect(resources('tdmq:PublishCmqMsg')).toContain('qcs::tdmq:ap-guangzhou:uin/100012345678:topic/ecm-reset-results');
    expect(resources('scf:InvokeFunction')).toEqual(['qcs::scf:ap-guangzhou:uin/100012345678:namespace/default/function/ecm-reset']);
    expect(JSON.stringify(policy)).not.toContain('${');
  });

  it('refuses a template placeholder it does not know', () => {
    const bad = {
      version: '2.0' as const,
      statement: [{ effect: 'allow' as const, action: ['ecm:DescribeInstances'], resource: ['qcs::ecm::uin/${OWNER}:*'] }],
    };
    expect(() => renderPolicy(bad, VALUES)).toThrow('unknown placeholder ${OWNER}');
  });
});
