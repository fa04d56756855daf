import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/function/kernel/errors';
import { parseServerlessYml, readServerlessYml, resolveVariables } from '../../../lib/tools/dev/serverless-yml';

describe('readServerlessYml', () => {
  it('reads the project’s serverless.yml: function settings and both timers', async () => {
    const fn = await readServerlessYml();
    if (isAppError(fn)) throw fn;
    expect(fn).toMatchObject({ functionName: 'ecm-reset-prod', namespace: 'default', timeoutSeconds: 120, memoryMb: 128 });
    expect(fn.timers).toEqual([
      {
        name: 'nightly-fleet',
        cronExpression: '0 0 3 * * * *',
        argument: '{"selector":"tag:fleet=nightly","reason":"nightly reinstall","keepData":true}',
        enable: true,
      },
      { name: 'track-completions', cronExpression: '0 */1 * * * * *', argument: '{"track":"completions"}', enable: true },
    ]);
  });

  it('resolves ${env:…} and ${stage} like the Serverless Framework', async () => {
    const fn = await readServerlessYml(undefined, { STAGE: 'staging' });
    expect(!isAppError(fn) && fn.functionName).toBe('ecm-reset-staging');
    expect(resolveVariables("${env:REGION, 'ap-guangzhou'}", {}, 'dev')).toBe('ap-guangzhou');
    expect(resolveVariables('${env:REGION}', { REGION: 'ap-shanghai' }, 'dev')).toBe('ap-shanghai');
  });
});

describe('parseServerlessYml', () => {
  const yml = (events: string) => `component: scf\ninputs:\n  name: f\n  events:\n${events}`;

  it('keeps a timer without enable: true, disabled (the component’s default)', () => {
    const fn = parseServerlessYml(yml('    - timer:\n        parameters:\n          name: t1\n          cronExpression: "*/5 * * * * * *"\n'));
    expect(!isAppError(fn) && fn.timers).toEqual([{ name: 't1', cronExpression: '*/5 * * * * * *', argument: '', enable: false }]);
  });

  it('ignores other triggers', () => {
    const fn = parseServerlessYml(yml('    - apigw:\n        parameters:\n          serviceName: s\n    - cmq:\n        parameters:\n          name: q\n'));
    expect(!isAppError(fn) && fn.timers).toEqual([]);
  });

  it('names the bad entry', () => {
    const noCron = parseServerlessYml(yml('    - timer:\n        parameters:\n          name: t1\n'));
    expect(isAppError(noCron) && noCron.message).toContain('inputs.events[0].timer');
    const noName = parseServerlessYml(yml('    - timer:\n        parameters:\n          cronExpression: "* * * * * * *"\n'));
    expect(isAppError(noName) && noName.message).toContain('has no name');
    const notYaml = parseServerlessYml('inputs: [');
    expect(isAppError(notYaml) && notYaml.code).toBe('Config.Invalid');
  });
});
