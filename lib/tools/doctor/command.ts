/**
 * `npm run doctor [-- --env FILE] [--file serverless.yml] [--write-check]`: a preflight of the account
 * and the function's configuration, before the first alarm. Read-only unless --write-check. One line per
 * check on stdout (`ok`, `warn`, `FAIL` and the fix); exit 1 when any check FAILs.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../function/config/config';
import { isAppError } from '../../function/kernel/errors';
import { parseCli } from '../cli/args';
import type { CliCommand, CliIo } from '../cli/command';
import { cliCommand } from '../cli/run-command';
import { connect, SetupError } from '../deploy/cloud';
import { type Account, whoAmI } from '../deploy/setup';
import { type AllowedInstance, allowedInstances } from './allowed';
import { configurationChecks, credentialsCheck, variableChecks } from './checks-config';
import { deployedChecks } from './checks-deployed';
import { permissionChecks } from './checks-permissions';
import { allowCheck, ledgerChecks, secretChecks, topicCheck } from './checks-resources';
import { readContext } from './context';
import { type Check, fail, formatCheck, warn } from './report';
import { tagFormCheck } from './write-check';

const USAGE = `usage: npx ecm-reset doctor [--env FILE] [--file FILE] [--write-check]

Checks, before the first alarm, what the function needs: the credentials and UIN, its variables,
each secret, the topic, the ledger bucket, the instances RESET_ALLOW matches, each action it calls
(probed with requests that change nothing), and the deployed function against serverless.yml.

  --env FILE     variables of the function (KEY=VALUE lines), over serverless.yml's
  --file FILE    the serverless.yml to compare with (default: ./serverless.yml)
  --write-check  also write: a probe object under the ledger prefix, and the tag ecm-reset:probe on one
                 allowed instance in each resource-name form (says which RESET_TAG_RESOURCE_FORM works)
  -h, --help     this text

The function's configuration is serverless.yml's variables, then the --env file, then RESET_* and
TENCENTCLOUD_* of the environment. Credentials: TENCENTCLOUD_SECRETID / SECRETKEY (/ SESSIONTOKEN);
RESET_API_ENDPOINT for the emulator. Exit status: 0 no FAIL, 1 a FAIL, 2 usage error.`;

interface Options {
  envFile: string | null;
  file: string;
  writeCheck: boolean;
}

function parse(args: readonly string[], io: CliIo): Options {
  const { values } = parseCli(args, {
    options: { env: { type: 'string' }, file: { type: 'string', short: 'f' }, 'write-check': { type: 'boolean' } },
  });
  return {
    envFile: values.env === undefined ? null : resolve(io.cwd, values.env),
    file: resolve(io.cwd, values.file ?? 'serverless.yml'),
    writeCheck: values['write-check'] === true,
  };
}

async function diagnose(options: Options, io: CliIo, print: (checks: readonly Check[]) => void): Promise<void> {
  let context: Awaited<ReturnType<typeof readContext>>;
  try {
    context = await readContext({ file: options.file, envFile: options.envFile, shell: io.env });
  } catch (e) {
    print([fail('--env', e instanceof Error ? e.message : String(e))]);
    return;
  }
  const spec = context.spec !== null && !isAppError(context.spec) ? context.spec : null;
  let cloud: ReturnType<typeof connect>;
  try {
    cloud = connect(context.env, context.region);
  } catch (e) {
    print([fail('credentials', e instanceof SetupError ? e.message : String(e))]);
    return;
  }
  let account: Account | null = null;
  let accountError: unknown = null;
  try {
    account = await whoAmI(cloud);
  } catch (e) {
    accountError = e;
  }
  print([credentialsCheck(context, account, accountError)]);
  const config = loadConfig(context.env, { region: context.region, uin: account?.uin ?? context.env['TENCENTCLOUD_UIN'] });
  print([...configurationChecks(context, config), ...variableChecks(context)]);
  if (account === null || isAppError(config)) {
    print([warn('other checks', 'skipped until the credentials and the configuration are right')]);
    return;
  }
  let allowed: AllowedInstance[] | null = null;
  try {
    const found = await allowedInstances(cloud, config.allow);
    allowed = found.instances;
    print(allowCheck(context.env['RESET_ALLOW'] ?? '', found.instances, found.missingIds));
  } catch (e) {
    print([fail('allow-list', `DescribeInstances failed: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  print(await secretChecks(cloud, config, allowed));
  print([await topicCheck(cloud, config)]);
  print(await ledgerChecks(cloud, config, options.writeCheck));
  const fn = spec ?? { functionName: 'ecm-reset', namespace: 'default' };
  print(await permissionChecks({ cloud, config, uin: account.uin, functionName: fn.functionName, namespace: fn.namespace, allowed: allowed ?? [] }));
  if (options.writeCheck) print([await tagFormCheck(cloud, config.tagResourceForm, config.region, account.uin, allowed ?? [])]);
  if (spec !== null) print(await deployedChecks(cloud, spec));
}

export const doctorCommand = cliCommand({
  name: 'doctor',
  summary: 'check the account and the configuration before the first alarm (read-only unless --write-check)',
  usage: USAGE,
  main: async (args, io) => {
    return doctorWith(parse(args, io), io);
  },
});

async function doctorWith(options: Options, io: CliIo): Promise<number> {
  let failed = 0;
  let warned = 0;
  const print = (checks: readonly Check[]) => {
    for (const c of checks) {
      if (c.status === 'FAIL') failed += 1;
      if (c.status === 'warn') warned += 1;
      io.stdout(`${formatCheck(c)}\n`);
    }
  };
  await diagnose(options, io, print);
  io.stderr(failed > 0 ? `${failed} check(s) failed, ${warned} warning(s)\n` : `no check failed${warned > 0 ? ` (${warned} warning(s))` : ''}\n`);
  return failed > 0 ? 1 : 0;
}
