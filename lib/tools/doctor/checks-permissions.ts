/**
 * Whether each action the function calls is permitted to these credentials, probed with a request that
 * cannot change anything: a call CAM authorises first and the API then refuses (an instance that does not
 * exist, a reserved tag key, an empty message, an event that is not JSON, a wrong Content-MD5), or a read.
 * A deny is any of `AuthFailure.UnauthorizedOperation`, `UnauthorizedOperation`, `UnauthorizedOperation.*`
 * (the common codes are documented for every service, the others per service in tencentcloud-sdk-go's
 * errors.go), or COS's 403 AccessDenied; any other error means CAM let the call through. That the APIs
 * authorise before they check parameters is how the emulator behaves and how CAM's denials read; for each
 * real API it is UNCONFIRMED.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../function/config/config';
import { instanceResource } from '../../function/tencent/tags';
import { readPolicyTemplate } from '../deploy/cam-policy';
import type { Cloud } from '../deploy/cloud';
import { errorCode, errorMessage, isDenied } from '../deploy/cloud';
import type { AllowedInstance } from './allowed';
import { putObjectWithWrongDigest } from './cos-probe';
import { type Check, fail, ok, warn } from './report';

export interface ProbeTarget {
  readonly cloud: Cloud;
  readonly config: Config;
  readonly uin: string;
  readonly functionName: string;
  readonly namespace: string;
  readonly allowed: readonly AllowedInstance[];
}

/** What a probe learnt: allowed (with what the API said), or it changed something after all. */
type Outcome = { readonly allowed: true; readonly said: string } | { readonly allowed: true; readonly changed: string };
type Probe = (t: ProbeTarget) => Promise<Outcome>;

/** The call's refusal, which is the expected answer of a probe; a deny is rethrown. */
async function refused(call: () => Promise<unknown>, changed: string): Promise<Outcome> {
  try {
    await call();
    return { allowed: true, changed };
  } catch (e) {
    if (isDenied(e)) throw e;
    return { allowed: true, said: errorCode(e) ?? errorMessage(e) };
  }
}

const read = async (call: () => Promise<unknown>): Promise<Outcome> => {
  await call();
  return { allowed: true, said: 'read' };
};

/** An instance id ECM does not know, checked first, so ResetInstances cannot act on it. */
async function absentInstance(cloud: Cloud): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = `ein-${randomBytes(4).toString('hex')}`;
    const r = await cloud.ecm.DescribeInstances({ Filters: [{ Name: 'instance-id', Values: [id] }], Limit: 1 });
    if ((r.TotalCount ?? 0) === 0) return id;
  }
  throw new Error('could not find an instance id that does not exist');
}

const PROBES: Readonly<Record<string, Probe>> = {
  'ecm:DescribeInstances': ({ cloud }) => read(() => cloud.ecm.DescribeInstances({ Limit: 1 })),
  'ecm:DescribeImage': ({ cloud }) => read(() => cloud.ecm.DescribeImage({ Filters: [{ Name: 'image-id', Values: ['img-00000000'] }], Limit: 1 })),
  'ecm:ResetInstances': async ({ cloud }) => {
    const id = await absentInstance(cloud);
    return refused(() => cloud.ecm.ResetInstances({ InstanceIdSet: [id] }), `ResetInstances accepted ${id}`);
  },
  'ssm:GetSecretValue': ({ cloud, config }) => {
    const name = config.authSecret ?? config.passwordSecret ?? config.slackSecret;
    return name === null
      ? refused(() => cloud.ssm.GetSecretValue({ SecretName: 'ecm-reset-doctor-probe', VersionId: 'SSM_Current' }), 'a probe secret exists')
      : read(() => cloud.ssm.GetSecretValue({ SecretName: name, VersionId: 'SSM_Current' }));
  },
  'tdmq:PublishCmqMsg': ({ cloud, config }) =>
    refused(() => cloud.tdmq.PublishCmqMsg({ TopicName: config.topic, MsgContent: '' }), `an empty message was published to ${config.topic}`),
  'tag:TagResources': ({ cloud, config, uin, allowed }) => {
    const id = allowed[0]?.instanceId ?? 'ein-00000000';
    // `qcs:` starts a key Tencent reserves for itself (Tag limits, doc 651/13354): refused, nothing is tagged.
    const resource = instanceResource(config.tagResourceForm, config.region, uin, id);
    return refused(
      () => cloud.tag.TagResources({ ResourceList: [resource], Tags: [{ TagKey: 'qcs:ecm-reset-probe', TagValue: 'doctor' }] }),
      `${id} was tagged`,
    );
  },
  'tag:UnTagResources': ({ cloud, config, uin, allowed }) => {
    const id = allowed[0]?.instanceId ?? 'ein-00000000';
    // A reserved key again: refused, no tag is removed.
    const resource = instanceResource(config.tagResourceForm, config.region, uin, id);
    return refused(() => cloud.tag.UnTagResources({ ResourceList: [resource], TagKeys: ['qcs:ecm-reset-probe'] }), `a tag was removed from ${id}`);
  },
  'scf:InvokeFunction': ({ cloud, functionName, namespace }) =>
    refused(
      () => cloud.scf.Invoke({ FunctionName: functionName, Namespace: namespace, InvocationType: 'Event', ClientContext: 'not json' }),
      `an event was queued for ${functionName}`,
    ),
  'cos:GetBucketVersioning': ({ cloud, config }) => read(() => cloud.cos(config.ledger.bucket, config.ledger.region).getBucketVersioning()),
  'cos:GetObject': ({ cloud, config }) =>
    read(() => cloud.cos(config.ledger.bucket, config.ledger.region).getObject(`${config.ledger.prefix}doctor-probe/absent`)),
  'cos:DeleteObject': ({ cloud, config }) =>
    // Deleting a key that is not there changes nothing (DELETE Object answers 204 all the same, COS doc 436/7743).
    read(() =>
      cloud.cos(config.ledger.bucket, config.ledger.region).deleteObject(`${config.ledger.prefix}doctor-probe/absent-${randomBytes(6).toString('hex')}`),
    ),
  'cos:PutObject': (t) => putObjectWithWrongDigest(t.cloud, t.config.ledger, `${t.config.ledger.prefix}doctor-probe/absent-${randomBytes(6).toString('hex')}`),
};

/** The fix for a denied action: the probe ran with these credentials; the function runs with its role. */
const grant = (action: string) =>
  `grant ${action} to these credentials, and to the function's execution role (\`npm run deploy -- --setup\` attaches the generated policy; \`npm run deploy -- --print-policy\` shows it)`;

/** One line per action of the execution policy (examples/cam-policy.template.json, the actions the adapters call). */
export async function permissionChecks(target: ProbeTarget): Promise<Check[]> {
  const actions = readPolicyTemplate().statement.flatMap((s) => s.action);
  const checks: Check[] = [];
  for (const action of actions) {
    const name = `permission ${action}`;
    const probe = PROBES[action];
    if (probe === undefined) {
      checks.push(fail(name, 'the doctor has no probe for this action', 'add one to lib/tools/doctor/checks-permissions.ts'));
      continue;
    }
    try {
      const outcome = await probe(target);
      checks.push(
        'changed' in outcome ? warn(name, `allowed, but the probe was not refused: ${outcome.changed}`, 'undo it') : ok(name, `allowed (${outcome.said})`),
      );
    } catch (e) {
      if (isDenied(e)) checks.push(fail(name, `denied (${errorCode(e) ?? 'AccessDenied'})`, grant(action)));
      else checks.push(warn(name, `not probed: ${errorCode(e) ?? errorMessage(e)}`));
    }
  }
  return checks;
}
