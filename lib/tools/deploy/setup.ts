/**
 * `npm run deploy -- --setup`: what the function needs before its first run, created when missing and
 * never overwritten. The execution role (trust: `scf.qcloud.com`) with the least-privilege policy
 * rendered for this account, the SSM secrets (generated values, never printed), the result topic
 * (CreateCmqTopic) and the ledger's COS bucket (PUT Bucket), which must never have had versioning.
 */

import { type PolicyDocument, readPolicyTemplate, renderPolicy, SCF_TRUST_POLICY } from './cam-policy';
import { type Cloud, errorCode } from './cloud';
import { DeployError } from './explain';
import { generateCallerKeys, generatePassword } from './generate-secrets';
import type { FunctionSpec } from './serverless-yml';

export interface Account {
  readonly uin: string;
  readonly appId: string;
}

/** Whose the credentials are (CAM GetUserAppId): the UIN and APPID resources are named with. */
export async function whoAmI(cloud: Cloud): Promise<Account> {
  const r = await cloud.cam.GetUserAppId();
  if (r.OwnerUin === undefined && r.Uin === undefined) throw new DeployError('CAM GetUserAppId named no account');
  return { uin: r.OwnerUin || r.Uin || '', appId: String(r.AppId ?? '') };
}

/** The ledger's bucket, region and prefix as the function reads them (RESET_LEDGER_*). */
export function ledgerOf(spec: FunctionSpec, region: string): { bucket: string; region: string; prefix: string } {
  const env = spec.environment;
  return { bucket: env['RESET_LEDGER_BUCKET'] ?? '', region: env['RESET_LEDGER_REGION'] ?? region, prefix: env['RESET_LEDGER_PREFIX'] ?? 'ecm-reset/' };
}

/** The policy serverless.yml's function needs, for this account. */
export function policyFor(spec: FunctionSpec, region: string, account: Account): PolicyDocument {
  const env = spec.environment;
  const ledger = ledgerOf(spec, region);
  const secrets = ['RESET_PASSWORD_SECRET', 'RESET_AUTH_SECRET', 'RESET_SLACK_SECRET'].flatMap((name) =>
    env[name] === undefined ? [] : [env[name] as string],
  );
  return renderPolicy(readPolicyTemplate(), {
    uin: account.uin,
    appId: account.appId,
    region,
    namespace: spec.namespace,
    functionName: spec.functionName,
    topic: env['RESET_TOPIC'] ?? '',
    secrets,
    bucket: ledger.bucket,
    ledgerRegion: ledger.region,
    prefix: ledger.prefix,
  });
}

/** The custom policy's name: the function's, so two deployments in one account do not share one. */
export const policyName = (spec: FunctionSpec): string => `${spec.functionName}-execution`;

export interface SetupOptions {
  readonly cloud: Cloud;
  readonly spec: FunctionSpec;
  readonly region: string;
  /** Only say what would be created. */
  readonly dryRun: boolean;
  /** One line per resource: what was done (or would be). */
  readonly report: (line: string) => void;
}

const canonical = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
};

async function setupRole(o: SetupOptions, account: Account): Promise<void> {
  const { cloud, spec, dryRun, report } = o;
  const role = spec.role;
  if (role === null) {
    report('skip   role: serverless.yml names no inputs.role (the function then runs without credentials)');
    return;
  }
  let roleExists = true;
  try {
    const info = (await cloud.cam.GetRole({ RoleName: role })).RoleInfo;
    const trusted = (info?.PolicyDocument ?? '').includes('scf.qcloud.com');
    report(`exists role ${role}${trusted ? '' : ' (warning: its trust policy does not name scf.qcloud.com, so SCF cannot assume it)'}`);
  } catch (e) {
    if (errorCode(e) !== 'InvalidParameter.RoleNotExist') throw e;
    roleExists = false;
    if (!dryRun) {
      await cloud.cam.CreateRole({
        RoleName: role,
        PolicyDocument: JSON.stringify(SCF_TRUST_POLICY),
        Description: `runs the SCF function ${spec.functionName}`,
      });
    }
    report(`${dryRun ? 'would create' : 'created'} role ${role} (trust: service scf.qcloud.com may assume it)`);
  }
  const name = policyName(spec);
  const document = JSON.stringify(policyFor(spec, o.region, account));
  const listed = await cloud.cam.ListPolicies({ Keyword: name, Scope: 'Local', Rp: 200, Page: 1 });
  let policyId = listed.List?.find((p) => p.PolicyName === name)?.PolicyId;
  if (policyId === undefined) {
    if (!dryRun)
      policyId = (await cloud.cam.CreatePolicy({ PolicyName: name, PolicyDocument: document, Description: `least privilege of ${spec.functionName}` }))
        .PolicyId;
    report(
      `${dryRun ? 'would create' : 'created'} policy ${name} (${policyFor(spec, o.region, account)
        .statement.flatMap((s) => s.action)
        .join(', ')})`,
    );
  } else {
    const existing = (await cloud.cam.GetPolicy({ PolicyId: policyId })).PolicyDocument ?? '';
    const same = canonical(existing) === canonical(document);
    report(
      `exists policy ${name}${same ? '' : ' (warning: it differs from the generated one and was not changed: compare with `npm run deploy -- --print-policy`)'}`,
    );
  }
  if (!roleExists || policyId === undefined) {
    report(`${dryRun ? 'would attach' : 'attached'} policy ${name} to role ${role}`);
    if (!dryRun && policyId !== undefined) await cloud.cam.AttachRolePolicy({ PolicyId: policyId, AttachRoleName: role });
    return;
  }
  const attached = await cloud.cam.ListAttachedRolePolicies({ RoleName: role, Page: 1, Rp: 200 });
  if (attached.List?.some((p) => p.PolicyId === policyId)) report(`exists policy ${name} attached to role ${role}`);
  else {
    if (!dryRun) await cloud.cam.AttachRolePolicy({ PolicyId: policyId, AttachRoleName: role });
    report(`${dryRun ? 'would attach' : 'attached'} policy ${name} to role ${role}`);
  }
}

/** The secrets --setup may generate, by the variable that names them. */
const GENERATED: Readonly<Record<string, { what: string; value: () => string }>> = {
  RESET_AUTH_SECRET: { what: 'caller keys: a JSON array with one 64-hex-digit key', value: generateCallerKeys },
  RESET_PASSWORD_SECRET: { what: 'root password: 16 characters valid for Linux and Windows', value: generatePassword },
};

async function setupSecrets(o: SetupOptions): Promise<void> {
  const { cloud, spec, dryRun, report } = o;
  for (const variable of ['RESET_AUTH_SECRET', 'RESET_PASSWORD_SECRET', 'RESET_SLACK_SECRET']) {
    const name = spec.environment[variable];
    if (name === undefined) continue;
    try {
      await cloud.ssm.DescribeSecret({ SecretName: name });
      report(`exists secret ${name} (${variable}; not changed)`);
      continue;
    } catch (e) {
      if (!(errorCode(e) ?? '').startsWith('ResourceNotFound')) throw e;
    }
    const generated = GENERATED[variable];
    if (generated === undefined) {
      report(`skip   secret ${name} (${variable}): create it with your Slack app's signing secret (docs/deploy.md#slack)`);
      continue;
    }
    if (!dryRun) await cloud.ssm.CreateSecret({ SecretName: name, SecretString: generated.value(), Description: `ecm-reset ${variable}` });
    report(`${dryRun ? 'would create' : 'created'} secret ${name} (${variable}, ${generated.what}; read it in SSM, it is not shown)`);
  }
}

async function setupTopic(o: SetupOptions): Promise<void> {
  const { cloud, spec, dryRun, report } = o;
  const topic = spec.environment['RESET_TOPIC'];
  if (topic === undefined) return;
  const maxBytes = Number(spec.environment['RESET_TOPIC_MAX_BYTES'] ?? 65_536);
  try {
    const size = (await cloud.tdmq.DescribeCmqTopicDetail({ TopicName: topic })).TopicDescribe?.MaxMsgSize;
    report(`exists topic ${topic} (MaxMsgSize ${size ?? '?'})`);
    return;
  } catch (e) {
    if (!(errorCode(e) ?? '').startsWith('ResourceNotFound')) throw e;
  }
  if (!dryRun) await cloud.tdmq.CreateCmqTopic({ TopicName: topic, MaxMsgSize: maxBytes });
  report(`${dryRun ? 'would create' : 'created'} topic ${topic} (MaxMsgSize ${maxBytes}); subscribe whoever needs the results`);
}

async function setupBucket(o: SetupOptions): Promise<void> {
  const { cloud, spec, dryRun, report } = o;
  const ledger = ledgerOf(spec, o.region);
  if (ledger.bucket === '') return;
  const cos = cloud.cos(ledger.bucket, ledger.region);
  if (await cos.headBucket()) report(`exists bucket ${ledger.bucket} (${ledger.region})`);
  else {
    if (dryRun) {
      report(`would create bucket ${ledger.bucket} (${ledger.region}, private, versioning never enabled)`);
      return;
    }
    await cos.putBucket();
    report(`created bucket ${ledger.bucket} (${ledger.region}, private, versioning never enabled)`);
  }
  const versioning = await cos.getBucketVersioning();
  if (versioning !== 'never') {
    throw new DeployError(
      `bucket ${ledger.bucket} has had versioning (${versioning}): the ledger's create-if-absent writes need a bucket that never had it (x-cos-forbid-overwrite, COS doc 436/7749); set RESET_LEDGER_BUCKET to a new bucket`,
    );
  }
}

/** Runs every step in order; a failure stops it (what was created stays, and a rerun skips it). */
export async function runSetup(o: SetupOptions): Promise<void> {
  const account = await whoAmI(o.cloud);
  o.report(`account uin ${account.uin}, appid ${account.appId}`);
  await setupRole(o, account);
  await setupSecrets(o);
  await setupTopic(o);
  await setupBucket(o);
}
