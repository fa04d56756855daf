import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, ROOT } from '../../../lib/tools/build/bundle';
import { packageFunction } from '../../../lib/tools/build/package';
import { deployCommand } from '../../../lib/tools/deploy/command';
import { doctorCommand } from '../../../lib/tools/doctor/command';
import { type CliRun, runCli } from '../../support/cli-io';
import { demoSeed, type StartedEmulator, startEmulator } from '../../support/emulator';

const NO_TAG = { secretId: 'AKIDNOTAG234567890ABCDEFGHIJKLMNOPQR', secretKey: 'NoTagSecretKeyNoTagSecretKey1234' };
const lines = (run: CliRun) => run.stdout.trim().split('\n');
const line = (run: CliRun, start: string) => lines(run).find((l) => l.startsWith(start)) ?? `(no line starting ${start})`;

describe('npm run doctor against an emulated account set up by npm run deploy -- --setup', () => {
  let started: StartedEmulator;
  let tmp: string;
  let env: Record<string, string>;
  const doctor = (args: string[] = [], extra: Record<string, string> = {}): Promise<CliRun> => runCli(doctorCommand, args, { ...env, ...extra }, ROOT);
  const envFile = (text: string): string => {
    const file = join(tmp, `doctor-${Math.random().toString(16).slice(2)}.env`);
    writeFileSync(file, text);
    return file;
  };
  const tagsOf = (id: string) => started.emulator.state.instances.find((i) => i.InstanceId === id)?.TagSet ?? [];

  beforeAll(async () => {
    started = await startEmulator({
      rateLimitPerSecond: 100,
      credentials: [...demoSeed().credentials, { ...NO_TAG, token: null, deny: ['tag:TagResources'], uin: '100012345678' }],
    });
    env = {
      TENCENTCLOUD_SECRETID: started.credential.secretId,
      TENCENTCLOUD_SECRETKEY: started.credential.secretKey,
      RESET_API_ENDPOINT: started.emulator.url,
    };
    tmp = mkdtempSync(join(tmpdir(), 'ecm-reset-doctor-'));
    const fn = FUNCTIONS[0];
    if (fn === undefined) throw new Error('no function');
    const zip = (await packageFunction(fn, tmp)).zipFile;
    const setup = await runCli(deployCommand, ['--setup', '--zip', zip], env, ROOT);
    if (setup.code !== 0) throw new Error(setup.stderr);
  }, 120_000);
  afterAll(async () => {
    await started.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prints one ok line per check and exits 0', async () => {
    const from = started.emulator.calls.length;
    const run = await doctor();
    expect(run.code).toBe(0);
    for (const l of lines(run)) expect(l).toMatch(/^ok {4}/);
    expect(line(run, 'ok    credentials')).toBe('ok    credentials: uin 100012345678, appid 1250000000 (the function reads its UIN from the SCF context)');
    expect(line(run, 'ok    allow-list')).toContain('matches 4 instance(s)');
    expect(line(run, 'ok    secret RESET_AUTH_SECRET')).toContain('1 caller key(s)');
    expect(line(run, 'ok    secret RESET_PASSWORD_SECRET')).toContain('valid for Linux and Windows');
    expect(line(run, 'ok    topic')).toBe('ok    topic: ecm-reset-results: MaxMsgSize 65536 ≥ RESET_TOPIC_MAX_BYTES 65536');
    expect(line(run, 'ok    ledger bucket')).toContain('never had versioning');
    expect(line(run, 'ok    function ecm-reset')).toContain('deployed as serverless.yml says');
    // One line per action of the execution policy.
    const permissions = lines(run).filter((l) => l.includes('permission '));
    expect(permissions.map((l) => l.split(':').slice(0, 2).join(':').replace('ok    permission ', ''))).toEqual([
      'ecm:DescribeInstances',
      'ecm:DescribeImage',
      'ecm:ResetInstances',
      'ssm:GetSecretValue',
      'tdmq:PublishCmqMsg',
      'tag:TagResources',
      'tag:UnTagResources',
      'cos:GetObject',
      'cos:PutObject',
      'cos:DeleteObject',
      'cos:GetBucketVersioning',
      'scf:InvokeFunction',
    ]);
    // Read-only: the probes are refused, nothing is reset, published, tagged, written or invoked.
    const writes = started.emulator.calls
      .slice(from)
      .filter((c) => c.error === null && /^(Reset|Publish|Tag|UnTag|Put|Delete|Invoke|Create|Update)/.test(c.action ?? ''));
    expect(writes.map((c) => `${c.action} ${c.httpStatus}`)).toEqual(['DeleteObject 204']);
    expect(started.emulator.state.invocations).toEqual([]);
    expect(started.emulator.messages).toEqual([]);
  });

  it('with a credential denied tag:TagResources: the FAIL line with the fix, and exit 1', async () => {
    const run = await doctor([], { TENCENTCLOUD_SECRETID: NO_TAG.secretId, TENCENTCLOUD_SECRETKEY: NO_TAG.secretKey });
    expect(run.code).toBe(1);
    expect(lines(run).filter((l) => l.startsWith('FAIL'))).toEqual([
      "FAIL  permission tag:TagResources: denied (AuthFailure.UnauthorizedOperation) — fix: grant tag:TagResources to these credentials, and to the function's execution role (`npm run deploy -- --setup` attaches the generated policy; `npm run deploy -- --print-policy` shows it)",
    ]);
    expect(run.stderr).toContain('1 check(s) failed');
  });

  it('warns on an unknown RESET_* variable, naming the closest known one', async () => {
    const run = await doctor(['--env', envFile('RESET_ALOW=tag:fleet=nightly\nRESET_COOLDOWN_SECONDS=60\n')]);
    expect(run.code).toBe(0);
    expect(line(run, 'warn  variable RESET_ALOW')).toBe(
      'warn  variable RESET_ALOW: RESET_ALOW is not a variable ecm-reset reads; did you mean RESET_ALLOW? (it is ignored) — fix: rename or remove it (docs/configuration.md)',
    );
    expect(line(run, 'warn  variable RESET_COOLDOWN_SECONDS')).toContain('did you mean RESET_COOLDOWN?');
  });

  it('--write-check writes under the ledger prefix and reports the tag resource form the account takes, leaving no tag behind', async () => {
    const before = tagsOf('ein-aaaaaaaa');
    const run = await doctor(['--write-check']);
    expect(run.code).toBe(0);
    expect(line(run, 'ok    ledger prefix')).toMatch(
      /^ok {4}ledger prefix: ecm-reset\/ writable \(wrote, read and deleted ecm-reset\/doctor-probe\/[0-9a-f]+\)$/,
    );
    expect(line(run, 'ok    tag resource form')).toBe(
      'ok    tag resource form: the account takes the cam form (cam accepted, regional refused (InvalidParameterValue.ResourceDescriptionError)) on ein-aaaaaaaa',
    );
    expect(tagsOf('ein-aaaaaaaa')).toEqual(before);
    expect(started.emulator.state.buckets.find((b) => b.name === 'ecm-reset-ledger-1250000000')?.objects).toEqual([]);
  });

  it('--help prints the usage and exits 0; a bad option exits 2 with the usage on stderr', async () => {
    const help = await doctor(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npx ecm-reset doctor');
    const bad = await doctor(['--writecheck']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: npx ecm-reset doctor');
  });
});

describe('npm run doctor on an account that needs fixing', () => {
  let started: StartedEmulator;
  let tmp: string;
  let env: Record<string, string>;
  const doctor = (args: string[] = []): Promise<CliRun> => runCli(doctorCommand, args, env, ROOT);
  const envFile = (text: string): string => {
    const file = join(tmp, `doctor-${Math.random().toString(16).slice(2)}.env`);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    started = await startEmulator({
      rateLimitPerSecond: 100,
      tagResourceForm: 'regional',
      secrets: [
        { name: 'ecm-reset-auth-keys', versions: { SSM_Current: '["short"]' } },
        { name: 'ecm-reset-root-password', versions: { SSM_Current: 'linuxonly1' } },
      ],
      topics: [{ name: 'ecm-reset-results', maxMsgSize: 1024 }],
      buckets: [{ name: 'ecm-reset-ledger-1250000000', region: 'ap-guangzhou', versioning: 'Enabled' }],
      roles: [{ name: 'ecm-reset-role' }],
      functions: [
        {
          name: 'ecm-reset',
          runtime: 'Nodejs18.15',
          role: 'ecm-reset-role',
          timeout: 60,
          environment: { RESET_TOPIC: 'ecm-reset-results' },
          triggers: [{ name: 'legacy-api', type: 'apigw', desc: { service: { serviceId: 'service-abcd1234' } } }],
        },
      ],
    });
    env = {
      TENCENTCLOUD_SECRETID: started.credential.secretId,
      TENCENTCLOUD_SECRETKEY: started.credential.secretKey,
      RESET_API_ENDPOINT: started.emulator.url,
    };
    tmp = mkdtempSync(join(tmpdir(), 'ecm-reset-doctor-broken-'));
  });
  afterAll(async () => {
    await started.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('names each problem with its fix and exits 1', async () => {
    const run = await doctor(['--env', envFile('RESET_ALLOW=tag:fleet=nightly,ein-win00001,ein-gone0001\n')]);
    expect(run.code).toBe(1);
    expect(line(run, 'FAIL  secret RESET_AUTH_SECRET')).toContain('is shorter than 16 characters');
    expect(line(run, 'FAIL  secret RESET_PASSWORD_SECRET')).toBe(
      "FAIL  secret RESET_PASSWORD_SECRET: ecm-reset-root-password: refused by Windows rules for ein-win00001 (a windows password must be 12 to 16 characters long) — fix: store one valid for both: 12–16 characters with lower- and upper-case letters, digits and one of ( ) ` ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? /, not starting with /",
    );
    expect(line(run, 'FAIL  topic')).toBe(
      'FAIL  topic: ecm-reset-results: MaxMsgSize 1024 is less than RESET_TOPIC_MAX_BYTES 65536 — fix: set RESET_TOPIC_MAX_BYTES=1024',
    );
    expect(line(run, 'FAIL  ledger bucket')).toContain('has had versioning (Enabled)');
    expect(line(run, 'warn  allow-list')).toContain('RESET_ALLOW names ein-gone0001, which ECM does not know');
    expect(line(run, 'warn  function ecm-reset')).toMatch(/differs from serverless\.yml: .*Timeout 60 → 120.*create http trigger url-trigger/);
    expect(line(run, 'warn  trigger legacy-api')).toBe(
      'warn  trigger legacy-api: an API Gateway trigger: API Gateway triggers are being retired (from 2026-10-30; doc 583/107631) — fix: move its callers to the function URL (the http event), then delete it (npm run deploy -- --prune)',
    );
  });

  it('fails when RESET_ALLOW matches no instance', async () => {
    const run = await doctor(['--env', envFile('RESET_ALLOW=tag:team=nobody\n')]);
    expect(line(run, 'FAIL  allow-list')).toBe(
      'FAIL  allow-list: RESET_ALLOW (tag:team=nobody) matches no instance — fix: tag the instances it names, or list their ids in RESET_ALLOW',
    );
  });

  it('--write-check on an account whose Tag API takes the regional form: tries cam first, names the form to set', async () => {
    const cam = await doctor(['--write-check']);
    expect(line(cam, 'FAIL  tag resource form')).toBe(
      'FAIL  tag resource form: the account refuses the configured cam form and takes regional (cam refused (InvalidParameterValue.ResourceDescriptionError), regional accepted) — fix: set RESET_TAG_RESOURCE_FORM=regional',
    );
    const regional = await doctor(['--write-check', '--env', envFile('RESET_TAG_RESOURCE_FORM=regional\n')]);
    expect(line(regional, 'ok    tag resource form')).toContain('the account takes the regional form (regional accepted, cam refused');
    expect(started.emulator.state.instances.find((i) => i.InstanceId === 'ein-aaaaaaaa')?.TagSet.map((t) => t.Key)).not.toContain('ecm-reset:probe');
  });

  it('a missing secret: says --setup creates it; bad credentials: stops after saying so', async () => {
    const missing = await doctor(['--env', envFile('RESET_PASSWORD_SECRET=not-there\n')]);
    expect(line(missing, 'FAIL  secret RESET_PASSWORD_SECRET')).toBe(
      'FAIL  secret RESET_PASSWORD_SECRET: not-there (version SSM_Current) does not exist (ResourceNotFound.SecretNotExist) — fix: run `npm run deploy -- --setup` (it creates what is missing)',
    );
    const bad = await runCli(doctorCommand, [], { ...env, TENCENTCLOUD_SECRETKEY: 'wrong' }, ROOT);
    expect(bad.code).toBe(1);
    expect(line(bad, 'FAIL  credentials')).toMatch(/^FAIL {2}credentials: refused \(AuthFailure\.SignatureFailure\) — fix: check TENCENTCLOUD_SECRETID/);
    expect(line(bad, 'warn  other checks')).toContain('skipped');
  });
});
