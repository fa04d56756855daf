import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/function/kernel/errors';
import { type FunctionSpec, parseServerlessYml, readServerlessYml } from '../../../lib/tools/deploy/serverless-yml';
import { resolveText } from '../../../lib/tools/deploy/variables';

const ok = (spec: FunctionSpec | Error): FunctionSpec => {
  if (isAppError(spec)) throw spec;
  return spec as FunctionSpec;
};

describe("the project's serverless.yml", () => {
  it('describes the function as deployed today: URL, both timers, a CKafka trigger, no retired trigger', async () => {
    const spec = ok(await readServerlessYml());
    expect(spec).toMatchObject({
      functionName: 'ecm-reset',
      namespace: 'default',
      region: 'ap-guangzhou',
      handler: 'index.main_handler',
      runtime: 'Nodejs18.15',
      timeoutSeconds: 120,
      memoryMb: 128,
      role: 'ecm-reset-role',
      publicAccess: true,
      src: './dist/reset-instances',
    });
    expect(spec.http).toEqual([{ name: 'url-trigger', qualifier: '$DEFAULT', authType: 'NONE', enableIntranet: false, enableExtranet: true }]);
    expect(spec.timers).toEqual([
      {
        name: 'nightly-fleet',
        cronExpression: '0 0 3 * * * *',
        argument: '{"selector":"tag:fleet=nightly","reason":"nightly reinstall","keepData":true}',
        enable: true,
        qualifier: '$DEFAULT',
      },
      { name: 'track-completions', cronExpression: '0 */1 * * * * *', argument: '{"track":"completions"}', enable: true, qualifier: '$DEFAULT' },
    ]);
    expect(spec.ckafka).toEqual([
      {
        name: 'ckafka-00000000-ecm-reset-requests',
        instanceId: 'ckafka-00000000',
        topic: 'ecm-reset-requests',
        qualifier: '$DEFAULT',
        maxMsgNum: 100,
        offset: 'latest',
        retry: 3,
        timeOut: 60,
        consumerGroupName: null,
        enable: true,
      },
    ]);
  });

  it('sets no TENCENTCLOUD_ variable (SCF reserves them) and leaves empty values out', async () => {
    const spec = ok(await readServerlessYml());
    expect(Object.keys(spec.environment).filter((k) => k.startsWith('TENCENTCLOUD_'))).toEqual([]);
    expect(spec.environment).not.toHaveProperty('RESET_SLACK_USERS');
    expect(spec.environment).toMatchObject({ RESET_TOPIC: 'ecm-reset-results', RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000' });
  });
});

describe('parseServerlessYml', () => {
  const yml = (events: string, extra = '') => `component: scf\nname: demo\nstage: dev\n${extra}inputs:\n  name: f\n  events:\n${events}`;

  it("fills in the component's defaults: a timer without enable: true is closed, an http trigger is url-trigger with NONE", () => {
    const spec = ok(
      parseServerlessYml(yml('    - timer:\n        parameters:\n          name: t1\n          cronExpression: "*/5 * * * * * *"\n    - http:\n')),
    );
    expect(spec.timers).toEqual([{ name: 't1', cronExpression: '*/5 * * * * * *', argument: '', enable: false, qualifier: '$DEFAULT' }]);
    expect(spec.http).toEqual([{ name: 'url-trigger', qualifier: '$DEFAULT', authType: 'NONE', enableIntranet: false, enableExtranet: false }]);
    expect(spec).toMatchObject({ runtime: 'Nodejs18.15', memoryMb: 128, timeoutSeconds: 3, namespace: 'default', role: null });
  });

  it.each([
    ['apigw', '    - apigw:\n        parameters:\n          serviceName: s\n', /API Gateway triggers can no longer be created.*doc 583\/107631.*http/],
    ['cmq', '    - cmq:\n        parameters:\n          name: q\n', /CMQ triggers are not among.*ckafka/],
    ['cos', '    - cos:\n        parameters:\n          bucket: b\n', /timer, http and ckafka triggers, not cos/],
  ])('refuses a %s event, saying what to use instead', (_type, events, message) => {
    const spec = parseServerlessYml(yml(events));
    expect(isAppError(spec) && spec.message).toMatch(message);
  });

  it('names the bad entry', () => {
    const noCron = parseServerlessYml(yml('    - timer:\n        parameters:\n          name: t1\n'));
    expect(isAppError(noCron) && noCron.message).toContain('inputs.events[0].timer');
    const noName = parseServerlessYml(yml('    - timer:\n        parameters:\n          cronExpression: "* * * * * * *"\n'));
    expect(isAppError(noName) && noName.message).toContain('has no name');
    const noTopic = parseServerlessYml(yml('    - ckafka:\n        parameters:\n          name: ckafka-1\n'));
    expect(isAppError(noTopic) && noTopic.message).toContain('inputs.events[0].ckafka');
    const notYaml = parseServerlessYml('inputs: [');
    expect(isAppError(notYaml) && notYaml.code).toBe('Config.Invalid');
  });

  it('resolves ${env:NAME} and the top-level ${name}, ${stage}, ${app}', () => {
    const spec = ok(
      parseServerlessYml('app: shop\nname: demo\nstage: ${env:STAGE}\ninputs:\n  name: ${name}-${stage}-${app}\n  region: ${env:REGION}\n', {
        STAGE: 'qa',
        REGION: 'ap-shanghai',
      }),
    );
    expect(spec).toMatchObject({ functionName: 'demo-qa-shop', region: 'ap-shanghai' });
  });

  it("refuses ${env:X, 'default'}, which Tencent's resolver (${word:word} only) would deploy verbatim", () => {
    const spec = parseServerlessYml("name: demo\ninputs:\n  name: f\n  region: ${env:REGION, 'ap-guangzhou'}\n", { REGION: 'ap-shanghai' });
    expect(isAppError(spec) && spec.message).toMatch(
      /inputs\.region: \$\{env:REGION, 'ap-guangzhou'\} is not a variable Tencent's tooling resolves.*no default values.*\$\{env:REGION\}/,
    );
  });

  it('refuses an unset ${env:NAME} and unknown variables', () => {
    expect(() => resolveText('${env:NOPE}', {}, {}, 'inputs.name')).toThrow('inputs.name: ${env:NOPE} is not set in the environment');
    expect(() => resolveText('${self:custom.x}', {}, {}, 'inputs.name')).toThrow(/\$\{env:NAME\}, \$\{name\}, \$\{stage\}, \$\{app\} and \$\{org\}/);
    expect(() => resolveText('${org}', {}, {}, 'inputs.name')).toThrow(/does not set/);
  });

  it('refuses two triggers of one name and another component', () => {
    const twice = parseServerlessYml(
      yml(
        '    - http:\n        parameters:\n          name: x\n    - timer:\n        parameters:\n          name: x\n          cronExpression: "* * * * * * *"\n',
      ),
    );
    expect(isAppError(twice) && twice.message).toContain('two triggers are named x');
    const other = parseServerlessYml('component: website\ninputs:\n  name: f\n');
    expect(isAppError(other) && other.message).toContain('component is website');
  });
});
