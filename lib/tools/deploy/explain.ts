/**
 * Errors of the deployer in the words of a fix: which API call failed, with its code, and what to do
 * (codes from tencentcloud-sdk-go's errors.go for SCF, CAM, SSM and TDMQ; common codes from API 3.0).
 */
import { actionOf, errorCode, errorMessage, isDenied } from './cloud';

/** A failure the deployer explains itself; its message is the whole report. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
}

const ROLE_MISSING = ['ResourceNotFound.Role', 'FailedOperation.QcsRoleNotFound', 'InvalidParameter.RoleNotExist'];
const REGION = ['UnsupportedRegion', 'InvalidParameterValue.Region', 'UnauthorizedOperation.Region', 'InvalidParameter.Region'];
const BAD_KEY = [
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.SignatureFailure',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.TokenFailure',
  'AuthFailure.SignatureExpire',
];
const BUSY = [
  'FailedOperation.FunctionStatusError',
  'FailedOperation.UpdateFunctionConfiguration',
  'FailedOperation.UpdateFunctionCode',
  'FailedOperation.CreateTrigger',
  'FailedOperation.DeleteTrigger',
  'FailedOperation.OperationConflict',
];

export interface Situation {
  /** What was being done, when the error does not say which call failed. */
  readonly action: string;
  readonly region: string;
  readonly role?: string | null;
}

/**
 * The message for a failed call.
 * @example
 * explain(e, { action: 'scf:CreateFunction', region: 'ap-guangzhou', role: 'ecm-reset-role' })
 */
export function explain(e: unknown, at: Situation): string {
  if (e instanceof DeployError) return e.message;
  const code = errorCode(e);
  const action = actionOf(e) ?? at.action;
  const said = `${action} failed${code === undefined ? '' : ` (${code})`}: ${errorMessage(e)}`;
  if (code !== undefined && ROLE_MISSING.includes(code)) {
    return `${said}\n  fix: the execution role ${at.role ?? '(inputs.role)'} does not exist: run \`npm run deploy -- --setup\` (it creates the role with its policy), or set inputs.role in serverless.yml`;
  }
  if (code !== undefined && REGION.includes(code)) {
    return `${said}\n  fix: region ${at.region} is wrong or does not offer this service: set inputs.region in serverless.yml (e.g. ap-guangzhou)`;
  }
  if (code !== undefined && BAD_KEY.includes(code)) {
    return `${said}\n  fix: the API key was refused: check TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys) and the machine's clock`;
  }
  if (isDenied(e)) {
    return `${said}\n  fix: these credentials may not call ${action}: grant it to the user who deploys (SCF, CAM, SSM, TDMQ and COS management; docs/deploy.md lists the actions)`;
  }
  if (code === 'LimitExceeded.Function')
    return `${said}\n  fix: the namespace already holds 50 functions (SCF quota, doc 583/11637): delete one, or deploy into another namespace`;
  if (code?.startsWith('LimitExceeded') === true || code === 'FailedOperation.PolicyFull' || code === 'InvalidParameter.RoleFull') {
    return `${said}\n  fix: a quota is reached; free one up or ask Tencent Cloud for more (SCF quotas: doc 583/11637)`;
  }
  if (code !== undefined && BUSY.includes(code)) return `${said}\n  fix: the function is busy with an earlier change; run the deploy again in a minute`;
  if (code === 'ResourceNotFound.Ckafka' || code === 'InvalidParameterValue.Ckafka') {
    return `${said}\n  fix: set the ckafka event's name (your CKafka instance id, same region) and topic in serverless.yml (docs/deploy.md#ckafka-trigger), or remove the event`;
  }
  if (code === 'RequestLimitExceeded') return `${said}\n  fix: the API throttled the deploy; run it again`;
  return said;
}
