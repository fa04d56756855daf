/** The doctor's checks of what the function uses: its secrets, the topic, the ledger bucket, the instances it may reset. */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../function/config/config';
import { checkInstancePassword } from '../../function/guardrails/password-policy';
import { MIN_AUTH_KEY_LENGTH, parseAuthKeys } from '../../function/http/auth-keys';
import { isAppError } from '../../function/kernel/errors';
import { passwordFromSecret } from '../../function/pipeline/fetch-password';
import { type Cloud, errorCode, errorMessage, isDenied } from '../deploy/cloud';
import type { AllowedInstance } from './allowed';
import { type Check, fail, ok, warn } from './report';

const SETUP = 'run `npm run deploy -- --setup` (it creates what is missing)';

/** A secret's text, or the check that says why it cannot be read. */
async function readSecret(cloud: Cloud, variable: string, name: string, version: string): Promise<string | Check> {
  try {
    const r = await cloud.ssm.GetSecretValue({ SecretName: name, VersionId: version });
    if (r.SecretString !== undefined && r.SecretString !== '') return r.SecretString;
    return Buffer.from(r.SecretBinary ?? '', 'base64').toString('utf8');
  } catch (e) {
    const code = errorCode(e) ?? errorMessage(e);
    const what = `secret ${variable}`;
    if (isDenied(e))
      return fail(what, `${name}: ssm:GetSecretValue denied (${code})`, 'grant ssm:GetSecretValue on it (the execution role gets it from --setup)');
    if (code.startsWith('ResourceNotFound')) return fail(what, `${name} (version ${version}) does not exist (${code})`, SETUP);
    return fail(what, `${name} cannot be read (${code})`, 'check the secret in SSM');
  }
}

const names = (list: readonly AllowedInstance[]) =>
  `${list
    .slice(0, 3)
    .map((i) => i.instanceId)
    .join(', ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`;

/** Each secret readable and well formed; the password valid for the OS families of the allowed instances. Values are never shown. */
export async function secretChecks(cloud: Cloud, config: Config, allowed: readonly AllowedInstance[] | null): Promise<Check[]> {
  const checks: Check[] = [];
  if (config.authSecret === null)
    checks.push(warn('secret RESET_AUTH_SECRET', 'not set: every HTTP caller (/reset, /alarm) is refused', 'set it to the SSM secret of the caller keys'));
  else {
    const text = await readSecret(cloud, 'RESET_AUTH_SECRET', config.authSecret, 'SSM_Current');
    if (typeof text !== 'string') checks.push(text);
    else {
      const keys = parseAuthKeys(text);
      checks.push(
        isAppError(keys)
          ? fail('secret RESET_AUTH_SECRET', `${config.authSecret}: ${keys.message}`, `store a JSON array of keys of ${MIN_AUTH_KEY_LENGTH} characters or more`)
          : ok('secret RESET_AUTH_SECRET', `${config.authSecret}: ${keys.length} caller key(s), each ${MIN_AUTH_KEY_LENGTH} characters or more`),
      );
    }
  }
  if (config.passwordSecret === null) checks.push(ok('secret RESET_PASSWORD_SECRET', 'not set: resets send no password (Tencent Cloud sends one by message)'));
  else {
    const text = await readSecret(cloud, 'RESET_PASSWORD_SECRET', config.passwordSecret, config.passwordSecretVersion);
    if (typeof text !== 'string') checks.push(text);
    else checks.push(passwordCheck(config.passwordSecret, passwordFromSecret(text), allowed));
  }
  if (config.slackSecret !== null) {
    const text = await readSecret(cloud, 'RESET_SLACK_SECRET', config.slackSecret, 'SSM_Current');
    if (typeof text !== 'string') checks.push(text);
    else
      checks.push(
        text.trim() === ''
          ? fail('secret RESET_SLACK_SECRET', `${config.slackSecret} is empty`, "store the Slack app's signing secret")
          : ok('secret RESET_SLACK_SECRET', `${config.slackSecret}: readable`),
      );
  }
  return checks;
}

function passwordCheck(name: string, password: string | null, allowed: readonly AllowedInstance[] | null): Check {
  const what = 'secret RESET_PASSWORD_SECRET';
  if (password === null) return fail(what, `${name} holds no password (plain text, or JSON {"password": "…"})`, 'store the password in it');
  const fix =
    "store one valid for both: 12–16 characters with lower- and upper-case letters, digits and one of ( ) ` ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? /, not starting with /";
  const refusals: string[] = [];
  let warning: string | null = null;
  for (const family of ['linux', 'windows'] as const) {
    const result = checkInstancePassword(password, family);
    if (result.ok) continue;
    const affected = (allowed ?? []).filter((i) => i.family === family);
    if (affected.length > 0) refusals.push(`refused by ${family === 'windows' ? 'Windows' : 'Linux'} rules for ${names(affected)} (${result.reason})`);
    else warning = `valid for the allowed instances, but ${family === 'windows' ? 'Windows' : 'Linux'} instances would refuse it (${result.reason})`;
  }
  if (refusals.length > 0) return fail(what, `${name}: ${refusals.join('; ')}`, fix);
  if (warning !== null) return warn(what, `${name}: ${warning}`, fix);
  return ok(what, `${name}: valid for Linux and Windows`);
}

/** The topic exists and takes messages as large as RESET_TOPIC_MAX_BYTES. */
export async function topicCheck(cloud: Cloud, config: Config): Promise<Check> {
  try {
    const size = Number((await cloud.tdmq.DescribeCmqTopicDetail({ TopicName: config.topic })).TopicDescribe?.MaxMsgSize ?? 0);
    if (size < config.topicMaxBytes) {
      return fail(
        'topic',
        `${config.topic}: MaxMsgSize ${size} is less than RESET_TOPIC_MAX_BYTES ${config.topicMaxBytes}`,
        `set RESET_TOPIC_MAX_BYTES=${size}`,
      );
    }
    return ok('topic', `${config.topic}: MaxMsgSize ${size} ≥ RESET_TOPIC_MAX_BYTES ${config.topicMaxBytes}`);
  } catch (e) {
    const code = errorCode(e) ?? errorMessage(e);
    if (code.startsWith('ResourceNotFound')) return fail('topic', `${config.topic} does not exist (${code})`, SETUP);
    if (isDenied(e)) return fail('topic', `tdmq:DescribeCmqTopicDetail denied (${code})`, 'allow it to the user running the doctor');
    return fail('topic', `${config.topic} cannot be read (${code})`);
  }
}

/** The ledger's bucket exists and never had versioning; with `write`, a probe object is written, read and deleted under the prefix. */
export async function ledgerChecks(cloud: Cloud, config: Config, write: boolean): Promise<Check[]> {
  const { bucket, region, prefix } = config.ledger;
  const cos = cloud.cos(bucket, region);
  try {
    if (!(await cos.headBucket())) return [fail('ledger bucket', `${bucket} does not exist in ${region}`, SETUP)];
    const versioning = await cos.getBucketVersioning();
    if (versioning !== 'never') {
      return [
        fail(
          'ledger bucket',
          `${bucket} has had versioning (${versioning}): create-if-absent writes are not honoured`,
          'point RESET_LEDGER_BUCKET at a new bucket that never had versioning',
        ),
      ];
    }
  } catch (e) {
    return [
      fail(
        'ledger bucket',
        `${bucket}: ${errorCode(e) ?? errorMessage(e)}`,
        isDenied(e) ? 'allow cos:HeadBucket and cos:GetBucketVersioning on it' : undefined,
      ),
    ];
  }
  const checks = [ok('ledger bucket', `${bucket} (${region}) exists and never had versioning (GET ?versioning has no Status)`)];
  if (!write) return checks;
  const key = `${prefix}doctor-probe/${randomBytes(6).toString('hex')}`;
  try {
    const created = await cos.putObject(key, 'ecm-reset doctor probe', { forbidOverwrite: true });
    const read = await cos.getObject(key);
    await cos.deleteObject(key);
    checks.push(
      created === 'created' && read !== null
        ? ok('ledger prefix', `${prefix} writable (wrote, read and deleted ${key})`)
        : fail('ledger prefix', `${key} did not read back`),
    );
  } catch (e) {
    checks.push(
      fail('ledger prefix', `${prefix}: ${errorCode(e) ?? errorMessage(e)}`, 'allow cos:PutObject, cos:GetObject and cos:DeleteObject on the prefix'),
    );
  }
  return checks;
}

/** RESET_ALLOW matches at least one instance. */
export function allowCheck(raw: string, instances: readonly AllowedInstance[], missingIds: readonly string[]): Check[] {
  const checks: Check[] = [];
  if (instances.length === 0)
    checks.push(fail('allow-list', `RESET_ALLOW (${raw || 'empty'}) matches no instance`, 'tag the instances it names, or list their ids in RESET_ALLOW'));
  else {
    const windows = instances.filter((i) => i.family === 'windows').length;
    checks.push(
      ok(
        'allow-list',
        `RESET_ALLOW (${raw}) matches ${instances.length} instance(s): ${names(instances)} (${instances.length - windows} Linux, ${windows} Windows)`,
      ),
    );
  }
  if (missingIds.length > 0)
    checks.push(warn('allow-list', `RESET_ALLOW names ${missingIds.join(', ')}, which ECM does not know`, 'remove the ids of deleted instances'));
  return checks;
}
