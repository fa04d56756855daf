import { describe, expect, it } from 'vitest';
import { parseSeed, SeedError } from '../../../lib/tools/emulator/index';

const base = { credentials: [{ secretId: 'AKIDX', secretKey: 'k' }] };

function problems(extra: Record<string, unknown>): readonly string[] {
  try {
    parseSeed({ ...base, ...extra });
  } catch (error) {
    if (error instanceof SeedError) return error.issues;
    throw error;
  }
  return [];
}

describe('SeedSchema: functions, roles, policies', () => {
  it('fills in the defaults of a function, its triggers, appId and scfSettleMs', () => {
    const seed = parseSeed({ ...base, functions: [{ name: 'ecm-reset', triggers: [{ name: 'api', type: 'apigw' }] }] });
    expect(seed).toMatchObject({ appId: 1250000000, scfSettleMs: 50, roles: [], policies: [] });
    expect(seed.functions[0]).toMatchObject({
      namespace: 'default',
      runtime: 'Nodejs18.15',
      handler: 'index.main_handler',
      memorySize: 128,
      timeout: 3,
      status: 'Active',
      environment: {},
      triggers: [{ name: 'api', type: 'apigw', qualifier: '$DEFAULT', enable: true, desc: '' }],
    });
  });

  it('takes a consistent account: a role with seeded and preset policies, a function running as it', () => {
    const seed = {
      policies: [{ name: 'run', document: { version: '2.0', statement: [{ effect: 'allow', action: 'ecm:*', resource: '*' }] } }],
      roles: [{ name: 'runner', policies: ['run', 'QcloudAccessForScfRole'] }],
      functions: [
        {
          name: 'ecm-reset',
          role: 'runner',
          triggers: [{ name: 'url', type: 'http', desc: { AuthType: 'NONE', NetConfig: { EnableIntranet: false, EnableExtranet: true } } }],
        },
      ],
    };
    expect(problems(seed)).toEqual([]);
  });

  it.each([
    ['a role nobody seeded', { functions: [{ name: 'fn', role: 'ghost' }] }, 'function fn names role ghost, which is not in "roles"'],
    ['an undocumented runtime', { functions: [{ name: 'fn', runtime: 'Nodejs20.15' }] }, 'function fn: the runtime `Nodejs20.15` is not one of'],
    ['a reserved variable', { functions: [{ name: 'fn', environment: { QCLOUD_X: '1' } }] }, 'the prefix QCLOUD_ is reserved'],
    ['a bad cron', { functions: [{ name: 'fn', triggers: [{ name: 't', type: 'timer', desc: '* * *' }] }] }, 'function fn, trigger t: the cron expression'],
    ['two functions of one name', { functions: [{ name: 'fn' }, { name: 'fn' }] }, 'function default/fn is listed twice'],
    ['a policy without version 2.0', { policies: [{ name: 'p', document: { statement: [] } }] }, 'policy p: PolicyDocument.version must be "2.0"'],
    [
      'a policy named like a preset',
      { policies: [{ name: 'QcloudAccessForScfRole', document: '{}' }] },
      'policy (presets included) QcloudAccessForScfRole is listed twice',
    ],
    ['a role with an unknown policy', { roles: [{ name: 'r', policies: ['none'] }] }, 'role r names policy none'],
    [
      'a trust policy without principal',
      { roles: [{ name: 'r', trustPolicy: { version: '2.0', statement: [{ effect: 'allow', action: 'name/sts:AssumeRole' }] } }] },
      'role r: statement[0].principal',
    ],
  ])('reports %s', (_name, extra, message) => {
    expect(problems(extra).join('\n')).toContain(message);
  });
});
