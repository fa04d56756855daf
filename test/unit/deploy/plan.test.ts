import { describe, expect, it } from 'vitest';
import { describePlan, planDeploy, sameCode } from '../../../lib/tools/deploy/plan';
import type { FunctionSpec } from '../../../lib/tools/deploy/serverless-yml';
import { type DeployedFunction, type DeployedTrigger, desiredFunction } from '../../../lib/tools/deploy/state';

const SHA = 'ab'.repeat(32);

const spec: FunctionSpec = {
  functionName: 'ecm-reset',
  namespace: 'default',
  region: 'ap-guangzhou',
  description: 'd',
  handler: 'index.main_handler',
  runtime: 'Nodejs18.15',
  memoryMb: 128,
  timeoutSeconds: 120,
  initTimeoutSeconds: null,
  role: 'ecm-reset-role',
  asyncRunEnable: false,
  publicAccess: true,
  environment: { RESET_TOPIC: 't', RESET_ALLOW: 'tag:a=b' },
  src: './dist/reset-instances',
  timers: [{ name: 'nightly', cronExpression: '0 0 3 * * * *', argument: '{"x":1}', enable: true, qualifier: '$DEFAULT' }],
  http: [{ name: 'url-trigger', qualifier: '$DEFAULT', authType: 'NONE', enableIntranet: false, enableExtranet: true }],
  ckafka: [
    {
      name: 'ckafka-1-t',
      instanceId: 'ckafka-1',
      topic: 't',
      qualifier: '$DEFAULT',
      maxMsgNum: 100,
      offset: 'latest',
      retry: 3,
      timeOut: 60,
      consumerGroupName: null,
      enable: true,
    },
  ],
};
const wanted = desiredFunction(spec, SHA);

/** As SCF reads them back: a timer's desc is {"cron"}, Enable 1/0, numbers in CKafka JSON may be strings, the URL is in NetConfig. */
const triggers: DeployedTrigger[] = [
  { type: 'timer', name: 'nightly', qualifier: '$DEFAULT', desc: '{"cron":"0 0 3 * * * *"}', enable: true, customArgument: '{"x":1}' },
  {
    type: 'http',
    name: 'url-trigger',
    qualifier: '$DEFAULT',
    desc: '{"AuthType":"NONE","NetConfig":{"EnableIntranet":false,"EnableExtranet":true,"ExtranetUrl":"https://1-abc.ap-guangzhou.tencentscf.com"}}',
    enable: true,
    customArgument: '',
  },
  {
    type: 'ckafka',
    name: 'ckafka-1-t',
    qualifier: '$DEFAULT',
    desc: '{"maxMsgNum":"100","offset":"latest","retry":"3","timeOut":"60"}',
    enable: true,
    customArgument: '',
  },
];

const deployed = (over: Partial<DeployedFunction> = {}): DeployedFunction => ({
  status: 'Active',
  statusReason: null,
  handler: 'index.main_handler',
  runtime: 'Nodejs18.15',
  asyncRunEnable: false,
  config: {
    Description: 'd',
    MemorySize: 128,
    Timeout: 120,
    InitTimeout: 65,
    Role: 'ecm-reset-role',
    Environment: { RESET_TOPIC: 't', RESET_ALLOW: 'tag:a=b' },
    PublicNetStatus: null,
  },
  codeSha256: SHA,
  triggers,
  ...over,
});

describe('planDeploy', () => {
  it('creates the function and every trigger when there is none', () => {
    const plan = planDeploy(wanted, null, { prune: false });
    expect(plan.changes.map((c) => c.kind)).toEqual(['create-function', 'create-trigger', 'create-trigger', 'create-trigger']);
  });

  it('finds nothing to do when everything matches, reading back as SCF does', () => {
    expect(planDeploy(wanted, deployed(), { prune: false })).toEqual({ changes: [], kept: [] });
    // The code's digest in base64 counts as the same code; a role read back as its ARN as the same role.
    const alike = deployed({
      codeSha256: Buffer.from(SHA, 'hex').toString('base64'),
      config: { ...deployed().config, Role: 'qcs::cam::uin/1:roleName/ecm-reset-role' },
    });
    expect(planDeploy(wanted, alike, { prune: false }).changes).toEqual([]);
  });

  it('updates code (with the handler), configuration and variables, naming each field', () => {
    const plan = planDeploy(
      wanted,
      deployed({
        codeSha256: 'cd'.repeat(32),
        handler: 'app.main',
        config: { ...deployed().config, MemorySize: 256, Environment: { RESET_TOPIC: 't', RESET_ALLOW: 'tag:a=c', OLD: 'x' } },
      }),
      { prune: false },
    );
    expect(describePlan(plan, wanted)).toEqual([
      '~ update code: sha256 cdcdcdcdcdcd… → abababababab…; Handler "app.main" → "index.main_handler"',
      '~ update configuration: MemorySize 256 → 128; Environment.OLD "x" → (removed); Environment.RESET_ALLOW "tag:a=c" → "tag:a=b"',
    ]);
  });

  it('updates timers and CKafka triggers in place, replaces a function URL or a CKafka offset change', () => {
    const changed: DeployedTrigger[] = [
      { ...(triggers[0] as DeployedTrigger), desc: '{"cron":"0 0 4 * * * *"}', enable: false },
      { ...(triggers[1] as DeployedTrigger), desc: '{"AuthType":"CAM","NetConfig":{"EnableIntranet":false,"EnableExtranet":true}}' },
      { ...(triggers[2] as DeployedTrigger), desc: '{"maxMsgNum":10,"offset":"earliest","retry":3,"timeOut":60}' },
    ];
    const plan = planDeploy(wanted, deployed({ triggers: changed }), { prune: false });
    expect(plan.changes.map((c) => c.kind)).toEqual(['replace-trigger', 'update-trigger', 'replace-trigger']);
    expect(describePlan(plan, wanted)).toEqual([
      '± replace http trigger url-trigger: authType "CAM" → "NONE" (the function URL changes)',
      '~ update timer trigger nightly: cron "0 0 4 * * * *" → "0 0 3 * * * *"; enable false → true',
      '± replace ckafka trigger ckafka-1-t: maxMsgNum 10 → 100; offset "earliest" → "latest"',
    ]);
  });

  it('keeps triggers serverless.yml does not name, unless pruning', () => {
    const legacy: DeployedTrigger = { type: 'apigw', name: 'legacy', qualifier: '$DEFAULT', desc: '{}', enable: true, customArgument: '' };
    const kept = planDeploy(wanted, deployed({ triggers: [...triggers, legacy] }), { prune: false });
    expect(kept).toEqual({ changes: [], kept: [legacy] });
    expect(describePlan(kept, wanted)).toEqual(['= keep apigw trigger legacy (not in serverless.yml; --prune deletes it)']);
    expect(planDeploy(wanted, deployed({ triggers: [...triggers, legacy] }), { prune: true }).changes).toEqual([{ kind: 'delete-trigger', trigger: legacy }]);
  });

  it('blocks a runtime or AsyncRunEnable change, recreates a function that failed to create', () => {
    expect(
      planDeploy(wanted, deployed({ runtime: 'Nodejs16.13', asyncRunEnable: true }), { prune: false }).changes.filter((c) => c.kind === 'blocked'),
    ).toHaveLength(2);
    const failed = planDeploy(wanted, deployed({ status: 'CreateFailed', statusReason: 'bad zip' }), { prune: false });
    expect(failed.changes[0]).toEqual({ kind: 'recreate-function', reason: 'bad zip' });
  });

  it('uploads the code when its digest is unknown', () => {
    expect(sameCode(null, SHA)).toBe(false);
    expect(planDeploy(wanted, deployed({ codeSha256: null }), { prune: false }).changes.map((c) => c.kind)).toEqual(['update-code']);
  });
});
