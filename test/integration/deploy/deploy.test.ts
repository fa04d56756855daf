import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInstancePassword } from '../../../lib/function/guardrails/password-policy';
import { FUNCTIONS, ROOT } from '../../../lib/tools/build/bundle';
import { packageFunction } from '../../../lib/tools/build/package';
import { deployCommand } from '../../../lib/tools/deploy/command';
import { type CliRun, runCli } from '../../support/cli-io';
import { type StartedEmulator, startEmulator } from '../../support/emulator';

/** Calls that change something: a deploy that changes nothing makes none. */
const MUTATING = /^(Create|Update|Delete|Put|Attach|Invoke|Publish|Tag|UnTag)/;

describe('npm run deploy against the emulator', () => {
  let started: StartedEmulator;
  let tmp: string;
  let zip: string;
  let env: Record<string, string>;
  const deploy = (...args: string[]): Promise<CliRun> => runCli(deployCommand, args, env, ROOT);
  const fn = () => started.emulator.state.functions.find((f) => f.name === 'ecm-reset');
  const mutatingSince = (from: number) =>
    started.emulator.calls
      .slice(from)
      .filter((c) => MUTATING.test(c.action ?? ''))
      .map((c) => `${c.service}:${c.action}`);

  beforeAll(async () => {
    // A fresh account: no topic, no bucket, none of the secrets serverless.yml names.
    started = await startEmulator({ topics: [], buckets: [], secrets: [], rateLimitPerSecond: 100 });
    env = {
      TENCENTCLOUD_SECRETID: started.credential.secretId,
      TENCENTCLOUD_SECRETKEY: started.credential.secretKey,
      RESET_API_ENDPOINT: started.emulator.url,
    };
    tmp = mkdtempSync(join(tmpdir(), 'ecm-reset-deploy-'));
    const fnBundle = FUNCTIONS[0];
    if (fnBundle === undefined) throw new Error('no function');
    zip = (await packageFunction(fnBundle, tmp)).zipFile;
  }, 120_000);
  afterAll(async () => {
    await started.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('--setup creates the role, its policy, the secrets, the topic and the bucket, then builds and deploys the function with its URL and triggers', async () => {
    const run = await deploy('--setup');
    expect(run.stderr).toContain('building reset-instances');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created role ecm-reset-role (trust: service scf.qcloud.com may assume it)');
    expect(run.stdout).toContain('created policy ecm-reset-execution');
    expect(run.stdout).toContain('attached policy ecm-reset-execution to role ecm-reset-role');
    expect(run.stdout).toContain('created secret ecm-reset-auth-keys');
    expect(run.stdout).toContain('created secret ecm-reset-root-password');
    expect(run.stdout).toContain('created topic ecm-reset-results (MaxMsgSize 65536)');
    expect(run.stdout).toContain('created bucket ecm-reset-ledger-1250000000 (ap-guangzhou, private, versioning never enabled)');

    const state = started.emulator.state;
    const role = state.roles.find((r) => r.name === 'ecm-reset-role');
    expect(JSON.parse(role?.trustPolicy ?? '{}')).toEqual({
      version: '2.0',
      statement: [{ action: 'name/sts:AssumeRole', effect: 'allow', principal: { service: ['scf.qcloud.com'] } }],
    });
    expect(role?.policies).toContain('ecm-reset-execution');
    const policy = JSON.parse(state.policies.find((p) => p.name === 'ecm-reset-execution')?.document ?? '{}') as {
      statement: { action: string[]; resource: string[] }[];
    };
    const invoke = policy.statement.find((s) => s.action.includes('scf:InvokeFunction'));
    expect(invoke?.resource).toEqual(['qcs::scf:ap-guangzhou:uin/100012345678:namespace/default/function/ecm-reset']);
    expect(state.topics).toContainEqual(expect.objectContaining({ name: 'ecm-reset-results', maxMsgSize: 65_536 }));
    expect(state.buckets).toContainEqual(expect.objectContaining({ name: 'ecm-reset-ledger-1250000000', region: 'ap-guangzhou', versioning: null }));

    // The generated secrets are well formed, and never printed.
    const ssm = new SsmClient(started.clientConfig);
    const keys = (await ssm.GetSecretValue({ SecretName: 'ecm-reset-auth-keys', VersionId: 'SSM_Current' })).SecretString ?? '';
    expect(JSON.parse(keys)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    const password = (await ssm.GetSecretValue({ SecretName: 'ecm-reset-root-password', VersionId: 'SSM_Current' })).SecretString ?? '';
    expect(checkInstancePassword(password, 'linux')).toEqual({ ok: true });
    expect(checkInstancePassword(password, 'windows')).toEqual({ ok: true });
    for (const secret of [keys, password, JSON.parse(keys)[0] as string]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }

    // The function, its URL and its triggers, as /_emulator/state shows them.
    expect(run.stdout).toMatch(/\+ create function ecm-reset \(Nodejs18\.15, 128 MB, 120 s, role ecm-reset-role\)/);
    expect(fn()).toMatchObject({ status: 'Active', runtime: 'Nodejs18.15', handler: 'index.main_handler', timeout: 120, role: 'ecm-reset-role' });
    expect(fn()?.environment).toMatchObject({
      RESET_TOPIC: 'ecm-reset-results',
      RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000',
      RESET_ALLOW: 'tag:fleet=nightly',
    });
    expect(Object.keys(fn()?.environment ?? {}).some((k) => k.startsWith('TENCENTCLOUD_'))).toBe(false);
    const triggers = fn()?.triggers ?? [];
    expect(triggers.map((t) => `${t.type}:${t.name}`).sort()).toEqual([
      'ckafka:ckafka-00000000-ecm-reset-requests',
      'http:url-trigger',
      'timer:nightly-fleet',
      'timer:track-completions',
    ]);
    const url = triggers.find((t) => t.type === 'http')?.url;
    expect(url).toMatch(/^https:\/\/1250000000-[a-z0-9]{10}\.ap-guangzhou\.tencentscf\.com$/);
    expect(run.stdout).toContain(`function URL: ${url}`);
    expect(JSON.parse(triggers.find((t) => t.type === 'http')?.desc ?? '{}')).toMatchObject({
      AuthType: 'NONE',
      NetConfig: { EnableExtranet: true, EnableIntranet: false },
    });
  }, 120_000);

  it('a second deploy (the same code, here packaged apart) changes nothing and says so', async () => {
    const from = started.emulator.calls.length;
    const run = await deploy('--zip', zip);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('no changes');
    expect(mutatingSince(from)).toEqual([]);
  });

  it('a second --setup creates nothing and overwrites no secret', async () => {
    const ssm = new SsmClient(started.clientConfig);
    const before = (await ssm.GetSecretValue({ SecretName: 'ecm-reset-root-password', VersionId: 'SSM_Current' })).SecretString;
    const from = started.emulator.calls.length;
    const run = await deploy('--setup', '--zip', zip);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('exists secret ecm-reset-root-password (RESET_PASSWORD_SECRET; not changed)');
    expect(run.stdout).toContain('exists policy ecm-reset-execution attached to role ecm-reset-role');
    expect(run.stdout).toContain('no changes');
    expect(mutatingSince(from)).toEqual([]);
    expect((await ssm.GetSecretValue({ SecretName: 'ecm-reset-root-password', VersionId: 'SSM_Current' })).SecretString).toBe(before);
  });

  it('--plan after an edit of serverless.yml names each change and makes none', async () => {
    const edited = readFileSync(join(ROOT, 'serverless.yml'), 'utf8')
      .replace('memorySize: 128', 'memorySize: 256')
      .replace('RESET_MAX_INSTANCES: "10"', 'RESET_MAX_INSTANCES: "12"')
      .replace('cronExpression: "0 0 3 * * * *"', 'cronExpression: "0 30 3 * * * *"')
      .replace('enableIntranet: false', 'enableIntranet: true');
    const file = join(tmp, 'serverless.yml');
    writeFileSync(file, edited);
    const before = JSON.stringify(fn());
    const from = started.emulator.calls.length;
    const run = await deploy('--plan', '--file', file, '--zip', zip);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      '~ update configuration: MemorySize 128 → 256; Environment.RESET_MAX_INSTANCES "10" → "12"',
      '± replace http trigger url-trigger: enableIntranet false → true (the function URL changes)',
      '~ update timer trigger nightly-fleet: cron "0 0 3 * * * *" → "0 30 3 * * * *"',
    ]);
    expect(run.stderr).toContain('plan only: nothing was changed');
    expect(mutatingSince(from)).toEqual([]);
    expect(JSON.stringify(fn())).toBe(before);

    // Deployed, the plan is carried out; then there is nothing left to do.
    expect((await deploy('--file', file, '--zip', zip)).code).toBe(0);
    expect(fn()).toMatchObject({ memorySize: 256, environment: expect.objectContaining({ RESET_MAX_INSTANCES: '12' }) });
    expect(fn()?.triggers.find((t) => t.name === 'nightly-fleet')?.desc).toBe('{"cron":"0 30 3 * * * *"}');
    expect((await deploy('--plan', '--file', file, '--zip', zip)).stdout.split('\n')[0]).toBe('no changes');
  });

  it('--print-policy prints the role policy for this account', async () => {
    const run = await deploy('--print-policy');
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.stdout) as { statement: { action: string[] }[] };
    expect(policy.statement.flatMap((s) => s.action)).toContain('tag:TagResources');
  });

  it('--help prints the usage and exits 0; an unknown option prints it on stderr and exits 2', async () => {
    const help = await deploy('--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('usage: npx ecm-reset deploy');
    const bad = await deploy('--bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --bogus[\s\S]*usage: npx ecm-reset deploy/);
  });
});
