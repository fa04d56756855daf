import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, ROOT } from '../../../lib/tools/build/bundle';
import { packageFunction } from '../../../lib/tools/build/package';
import { deployCommand } from '../../../lib/tools/deploy/command';
import type { Seed } from '../../../lib/tools/emulator/index';
import { type CliRun, runCli } from '../../support/cli-io';
import { demoSeed, type StartedEmulator, startEmulator } from '../../support/emulator';

const DENIED_SCF = { secretId: 'AKIDNOSCF234567890ABCDEFGHIJKLMNOPQR', secretKey: 'NoScfSecretKeyNoScfSecretKey1234' };

describe('npm run deploy: clear errors, and what it leaves alone', () => {
  let started: StartedEmulator;
  let tmp: string;
  let zip: string;
  const env = (credential = started.credential): Record<string, string> => ({
    TENCENTCLOUD_SECRETID: credential.secretId,
    TENCENTCLOUD_SECRETKEY: credential.secretKey,
    RESET_API_ENDPOINT: started.emulator.url,
  });
  const deploy = (args: string[], e = env()): Promise<CliRun> => runCli(deployCommand, ['--zip', zip, ...args], e, ROOT);
  const withYml = (edit: (text: string) => string): string => {
    const file = join(tmp, `serverless-${Math.random().toString(16).slice(2)}.yml`);
    writeFileSync(file, edit(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')));
    return file;
  };
  const start = async (seed: Partial<Seed> = {}) => {
    started = await startEmulator({
      rateLimitPerSecond: 100,
      credentials: [...demoSeed().credentials, { ...DENIED_SCF, token: null, deny: ['scf:*'], uin: '100012345678' }],
      ...seed,
    });
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ecm-reset-deploy-errors-'));
    const fn = FUNCTIONS[0];
    if (fn === undefined) throw new Error('no function');
    zip = (await packageFunction(fn, tmp)).zipFile;
  }, 120_000);
  afterEach(() => started.close());
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a missing execution role: names the call and the code, and says to run --setup', async () => {
    await start();
    const run = await deploy([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('scf:CreateFunction failed (ResourceNotFound.Role)');
    expect(run.stderr).toContain('the execution role ecm-reset-role does not exist: run `npm run deploy -- --setup`');
  });

  it('credentials denied SCF: says which action to grant', async () => {
    await start({ roles: [{ name: 'ecm-reset-role' }] });
    const run = await deploy([], env(DENIED_SCF));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/scf:GetFunction failed \(AuthFailure\.UnauthorizedOperation\)[\s\S]*these credentials may not call scf:GetFunction/);
  });

  it('the function quota: says the namespace is full', async () => {
    await start({ roles: [{ name: 'ecm-reset-role' }] });
    started.emulator.faults.add({ action: 'CreateFunction', code: 'LimitExceeded.Function' });
    const run = await deploy([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/scf:CreateFunction failed \(LimitExceeded\.Function\)[\s\S]*already holds 50 functions/);
  });

  it('a region the API refuses: says to fix inputs.region', async () => {
    await start({ roles: [{ name: 'ecm-reset-role' }] });
    started.emulator.faults.add({ action: 'GetFunction', code: 'UnsupportedRegion' });
    const run = await deploy(['--file', withYml((t) => t.replace('region: ap-guangzhou', 'region: ap-atlantis'))]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /scf:GetFunction failed \(UnsupportedRegion\)[\s\S]*region ap-atlantis is wrong or does not offer this service: set inputs.region/,
    );
  });

  it('no credentials, or a variable Tencent cannot resolve: stops before any call', async () => {
    await start();
    const from = started.emulator.calls.length;
    const bare = await deploy([], { RESET_API_ENDPOINT: started.emulator.url });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are not set');
    const withDefault = await deploy(['--file', withYml((t) => t.replace('region: ap-guangzhou', "region: ${env:REGION, 'ap-guangzhou'}"))]);
    expect(withDefault.code).toBe(1);
    expect(withDefault.stderr).toContain("inputs.region: ${env:REGION, 'ap-guangzhou'} is not a variable Tencent's tooling resolves");
    expect(started.emulator.calls.length).toBe(from);
  });

  it('--setup refuses a ledger bucket that has had versioning', async () => {
    await start({ buckets: [{ name: 'ecm-reset-ledger-1250000000', region: 'ap-guangzhou', versioning: 'Suspended' }] });
    const run = await deploy(['--setup']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bucket ecm-reset-ledger-1250000000 has had versioning (Suspended)');
    expect(started.emulator.state.functions.some((f) => f.name === 'ecm-reset')).toBe(false);
  });

  it('keeps a legacy API Gateway trigger serverless.yml does not name; --prune deletes it', async () => {
    await start({
      roles: [{ name: 'ecm-reset-role' }],
      functions: [
        {
          name: 'ecm-reset',
          role: 'ecm-reset-role',
          runtime: 'Nodejs18.15',
          timeout: 120,
          triggers: [{ name: 'legacy-api', type: 'apigw', desc: { service: { serviceId: 'service-abcd1234' } } }],
        },
      ],
    });
    const kept = await deploy([]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('= keep apigw trigger legacy-api (not in serverless.yml; --prune deletes it)');
    expect(kept.stdout).toContain('~ update code');
    expect(started.emulator.state.functions.find((f) => f.name === 'ecm-reset')?.triggers.map((t) => t.name)).toContain('legacy-api');
    const pruned = await deploy(['--prune']);
    expect(pruned.stdout.split('\n')).toContain('- delete apigw trigger legacy-api (not in serverless.yml)');
    expect(started.emulator.state.functions.find((f) => f.name === 'ecm-reset')?.triggers.map((t) => t.name)).not.toContain('legacy-api');
  });

  it('refuses to change the runtime of a deployed function, naming the fix', async () => {
    await start({ roles: [{ name: 'ecm-reset-role' }], functions: [{ name: 'ecm-reset', role: 'ecm-reset-role', runtime: 'Nodejs16.13' }] });
    const plan = await deploy(['--plan']);
    expect(plan.stdout).toContain('! Runtime "Nodejs16.13" → "Nodejs18.15" cannot change on a deployed function: delete the function and deploy again');
    const run = await deploy([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Runtime cannot change on a deployed function');
  });

  it('a function left UpdateFailed takes the deploy; one that failed to create is deleted and created again', async () => {
    await start({
      roles: [{ name: 'ecm-reset-role' }],
      functions: [{ name: 'ecm-reset', role: 'ecm-reset-role', runtime: 'Nodejs18.15', timeout: 120, status: 'UpdateFailed', statusReason: 'zip too big' }],
    });
    const updated = await deploy([]);
    expect(updated.stderr).not.toContain('deploy failed');
    expect(updated.code).toBe(0);
    expect(started.emulator.state.functions.find((f) => f.name === 'ecm-reset')?.status).toBe('Active');
    await started.close();
    await start({
      roles: [{ name: 'ecm-reset-role' }],
      functions: [{ name: 'ecm-reset', role: 'ecm-reset-role', runtime: 'Nodejs18.15', status: 'CreateFailed', statusReason: 'bad zip' }],
    });
    const run = await deploy([]);
    expect(run.stderr).not.toContain('deploy failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('± delete and create function ecm-reset again (it failed to create: bad zip)');
    expect(started.emulator.state.functions.find((f) => f.name === 'ecm-reset')).toMatchObject({ status: 'Active', timeout: 120 });
  });
});
