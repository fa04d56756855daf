/**
 * `npm run deploy [-- --setup] [--plan] [--prune] [--file serverless.yml] [--zip FILE] [--print-policy]`:
 * serverless.yml deployed with the official SDK's SCF client. Builds the function (lib/tools/build),
 * compares it with what is deployed (code SHA-256, configuration, variables, triggers), and makes only
 * the differences; a second run says `no changes`. The changes go to stdout, progress to stderr.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isAppError } from '../../function/kernel/errors';
import { FUNCTIONS, ROOT } from '../build/bundle';
import { packageFunction } from '../build/package';
import { parseCli } from '../cli/args';
import type { CliCommand, CliIo } from '../cli/command';
import { cliCommand } from '../cli/run-command';
import { applyPlan } from './apply';
import { type Cloud, connect, SetupError } from './cloud';
import { explain } from './explain';
import { describeChange, describePlan, planDeploy } from './plan';
import { listTriggers, readDeployed } from './read-deployed';
import { type FunctionSpec, readServerlessYml } from './serverless-yml';
import { policyFor, runSetup, whoAmI } from './setup';
import { desiredFunction, functionUrlOf } from './state';

const USAGE = `usage: npx ecm-reset deploy [--setup] [--plan] [--prune] [--file FILE] [--zip FILE] [--print-policy]

Deploys serverless.yml's function to Tencent SCF: builds it, then creates or updates the function
(code, configuration, variables), its function URL and its triggers. Only what differs is changed.

  --setup         first create what is missing: the execution role and its policy, the SSM secrets
                  (generated, never printed), the result topic, the ledger's COS bucket
  --plan          show what would change (with --setup: what would be created), change nothing
  --prune         delete deployed triggers serverless.yml does not name (kept otherwise)
  --file FILE     the serverless.yml to deploy (default: ./serverless.yml)
  --zip FILE      upload this code package instead of building one
  --print-policy  print the execution role's policy for this account (JSON) and exit
  -h, --help      this text

Credentials: TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (TENCENTCLOUD_SESSIONTOKEN). Region:
inputs.region, else TENCENTCLOUD_REGION. RESET_API_ENDPOINT sends every call to that base URL
(the emulator). Exit status: 0 done, 1 failed, 2 usage error. Step by step: docs/deploy.md.`;

interface Options {
  setup: boolean;
  plan: boolean;
  prune: boolean;
  file: string;
  zip: string | null;
  printPolicy: boolean;
}

function parse(args: readonly string[], io: CliIo): Options {
  const { values } = parseCli(args, {
    options: {
      setup: { type: 'boolean' },
      plan: { type: 'boolean' },
      prune: { type: 'boolean' },
      file: { type: 'string', short: 'f' },
      zip: { type: 'string' },
      'print-policy': { type: 'boolean' },
    },
  });
  return {
    setup: values.setup === true,
    plan: values.plan === true,
    prune: values.prune === true,
    file: resolve(io.cwd, values.file ?? 'serverless.yml'),
    zip: values.zip === undefined ? null : resolve(io.cwd, values.zip),
    printPolicy: values['print-policy'] === true,
  };
}

async function code(options: Options, spec: FunctionSpec, io: CliIo): Promise<Buffer> {
  if (options.zip !== null) {
    io.stderr(`using the code package ${options.zip}\n`);
    return readFile(options.zip);
  }
  const fn = FUNCTIONS[0];
  if (fn === undefined) throw new SetupError('no function to build');
  io.stderr(`building ${fn.name} (${spec.src})…\n`);
  const packaged = await packageFunction(fn, join(ROOT, 'dist'));
  for (const warning of packaged.bundle.warnings) io.stderr(`warning: ${warning}\n`);
  return packaged.zip;
}

async function deploy(options: Options, spec: FunctionSpec, cloud: Cloud, io: CliIo): Promise<number> {
  const say = (line: string) => io.stdout(`${line}\n`);
  if (options.setup) {
    io.stderr(options.plan ? 'setup (plan: nothing is created)…\n' : 'setup…\n');
    await runSetup({ cloud, spec, region: cloud.region, dryRun: options.plan, report: say });
  }
  const zip = await code(options, spec, io);
  const wanted = desiredFunction(spec, createHash('sha256').update(zip).digest('hex'));
  io.stderr(`reading function ${spec.functionName} in ${cloud.region}/${spec.namespace}…\n`);
  const deployed = await readDeployed(cloud, spec.functionName, spec.namespace);
  const plan = planDeploy(wanted, deployed, { prune: options.prune });
  const lines = describePlan(plan, wanted);
  if (plan.changes.length === 0) say('no changes');
  for (const line of lines) say(line);
  if (options.plan) {
    io.stderr('plan only: nothing was changed\n');
    return 0;
  }
  if (plan.changes.length > 0) {
    await applyPlan({ cloud, wanted, zipBase64: zip.toString('base64'), progress: (line) => io.stderr(`${line}\n`) }, plan.changes, (c) =>
      describeChange(c, wanted),
    );
    say(`deployed ${spec.functionName} (${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'})`);
  }
  const url = (await listTriggers(cloud, spec.functionName, spec.namespace))
    .filter((t) => t.type === 'http')
    .map(functionUrlOf)
    .find((u) => u !== null);
  if (url !== undefined) say(`function URL: ${url}  (Slack: ${url}/slack; alarms: ${url}/alarm?token=<a caller key>)`);
  return 0;
}

export const deployCommand = cliCommand({
  name: 'deploy',
  summary: 'deploy serverless.yml to Tencent SCF (--setup creates the prerequisites, --plan changes nothing)',
  usage: USAGE,
  main: async (args, io) => {
    return deployWith(parse(args, io), io);
  },
});

async function deployWith(options: Options, io: CliIo): Promise<number> {
  const spec = await readServerlessYml(options.file, io.env);
  if (isAppError(spec)) {
    io.stderr(`${spec.message}\n`);
    return 1;
  }
  const region = spec.region ?? io.env['TENCENTCLOUD_REGION']?.trim() ?? '';
  if (region === '') {
    io.stderr(`serverless.yml has no inputs.region and TENCENTCLOUD_REGION is not set\n`);
    return 1;
  }
  let cloud: Cloud;
  try {
    cloud = connect(io.env, region);
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    if (options.printPolicy) {
      io.stdout(`${JSON.stringify(policyFor(spec, region, await whoAmI(cloud)), null, 2)}\n`);
      return 0;
    }
    return await deploy(options, spec, cloud, io);
  } catch (e) {
    io.stderr(`deploy failed: ${explain(e, { action: 'deploy', region, role: spec.role })}\n`);
    return 1;
  }
}
