import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import type { ActionContext } from '../service';
import type { SecretRecord } from '../stores/ssm-store';

/**
 * SSM 2019-09-23 CreateSecret, DescribeSecret and ListSecrets (tencentcloud-sdk-nodejs
 * `ssm/v20190923/ssm_models.d.ts`, doc 1105/40529; errors from tencentcloud-sdk-go `ssm/v20190923/client.go`).
 * Only custom secrets (SecretType 0) are emulated.
 */

const Str = v.string('must be a string');
const Int = v.pipe(v.number('must be a number'), v.integer('must be a whole number'));
/** "最长128字节，使用字母、数字或者 - _ 的组合，第一个字符必须为字母或者数字". */
const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** "最长64 字节，使用字母、数字或者 - _ . 的组合并且以字母或数字开头". */
const VERSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_VALUE_BYTES = 32 * 1024;
/** "每个Region最多可创建存储1000个凭据信息". */
const MAX_SECRETS = 1000;

const CreateSecretParams = v.object({
  SecretName: Str,
  VersionId: v.optional(Str),
  Description: v.optional(Str),
  KmsKeyId: v.optional(Str),
  SecretType: v.optional(Int),
  SecretBinary: v.optional(Str),
  SecretString: v.optional(Str),
  AdditionalConfig: v.optional(Str),
  Tags: v.optional(v.unknown()),
  KmsHsmClusterId: v.optional(Str),
  EncryptType: v.optional(Int),
});

/** CreateSecret: a new secret with its first version (SSM_Current when VersionId is empty); it never overwrites. */
export function createSecret(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(CreateSecretParams, params, 'InvalidParameterValue');
  if (Buffer.byteLength(input.SecretName) > 128 || !SECRET_NAME.test(input.SecretName)) {
    throw new ApiError('InvalidParameterValue', 'SecretName is at most 128 letters, digits, - or _, starting with a letter or digit');
  }
  const versionId = input.VersionId === undefined || input.VersionId === '' ? 'SSM_Current' : input.VersionId;
  if (!VERSION_ID.test(versionId))
    throw new ApiError('InvalidParameterValue', 'VersionId is at most 64 letters, digits, -, _ or ., starting with a letter or digit');
  if ((input.SecretType ?? 0) !== 0) throw new ApiError('UnsupportedOperation', 'the emulator creates custom secrets (SecretType 0) only');
  if (Buffer.byteLength(input.Description ?? '') > 2048) throw new ApiError('InvalidParameterValue', 'Description is at most 2048 bytes');
  if ((input.SecretString === undefined) === (input.SecretBinary === undefined)) {
    throw new ApiError('InvalidParameterValue', 'give exactly one of SecretString and SecretBinary');
  }
  const value = input.SecretString ?? input.SecretBinary ?? '';
  if (input.SecretBinary !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(input.SecretBinary))
    throw new ApiError('InvalidParameterValue', 'SecretBinary is base64');
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) throw new ApiError('InvalidParameterValue', `the secret value exceeds ${MAX_VALUE_BYTES} bytes`);
  const secrets = ctx.state.ssm.secrets;
  if (secrets.has(input.SecretName)) throw new ApiError('ResourceInUse.SecretExists', `the secret \`${input.SecretName}\` already exists`);
  if (secrets.size >= MAX_SECRETS) throw new ApiError('LimitExceeded', `a region holds at most ${MAX_SECRETS} secrets`);
  secrets.set(input.SecretName, {
    name: input.SecretName,
    versions: { [versionId]: input.SecretString ?? { binary: input.SecretBinary ?? '' } },
    status: 'Enabled',
    description: input.Description ?? '',
    createTime: Math.floor(ctx.now / 1000),
    createUin: ctx.credential.uin,
  });
  return { SecretName: input.SecretName, VersionId: versionId, TagCode: 0, TagMsg: '' };
}

/** The metadata DescribeSecret and ListSecrets share. */
function metadata(secret: SecretRecord, ctx: ActionContext): Record<string, unknown> {
  const uin = secret.createUin ?? ctx.credential.uin;
  return {
    SecretName: secret.name,
    Description: secret.description ?? '',
    KmsKeyId: '',
    CreateUin: Number(uin),
    CreateUinString: uin,
    Status: secret.status,
    DeleteTime: 0,
    CreateTime: secret.createTime ?? 0,
    SecretType: 0,
    ProductName: '',
    ResourceID: '',
    RotationFrequency: 0,
    ResourceName: '',
    ProjectID: 0,
    AssociatedInstanceIDs: [],
    TargetUin: 0,
    EncryptType: 0,
  };
}

const DescribeSecretParams = v.object({ SecretName: Str });

/** DescribeSecret: a missing secret is ResourceNotFound (its error list has no more specific code). */
export function describeSecret(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(DescribeSecretParams, params, 'InvalidParameterValue');
  const secret = ctx.state.ssm.secrets.get(input.SecretName);
  if (secret === undefined) throw new ApiError('ResourceNotFound', `the secret \`${input.SecretName}\` does not exist`);
  return { ...metadata(secret, ctx), RotationStatus: false, AdditionalConfig: '' };
}

const ListSecretsParams = v.object({
  Offset: v.optional(Int, 0),
  Limit: v.optional(Int, 0),
  OrderType: v.optional(Int, 0),
  State: v.optional(Int, 0),
  SearchSecretName: v.optional(Str),
  TagFilters: v.optional(v.unknown()),
  SecretType: v.optional(Int, 0),
  ProductName: v.optional(Str),
  EncryptType: v.optional(Int),
  InstanceID: v.optional(Str),
});
/** ListSecrets.State: 0 all, 1 Enabled, 2 Disabled (the other states never occur in the emulator). */
const STATES: Record<number, string | null> = { 0: null, 1: 'Enabled', 2: 'Disabled', 3: 'PendingDelete', 4: 'PendingCreate', 5: 'CreateFailed' };

/** ListSecrets: newest first (OrderType 0) or oldest (1); SearchSecretName matches a part of the name (UNCONFIRMED); Limit 0 means 20. */
export function listSecrets(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ListSecretsParams, params, 'InvalidParameterValue');
  if (!(input.State in STATES)) throw new ApiError('InvalidParameterValue', 'State is 0-5');
  if (input.Offset < 0 || input.Limit < 0) throw new ApiError('InvalidParameterValue', 'Offset and Limit must not be negative');
  const state = STATES[input.State];
  const search = input.SearchSecretName;
  const matches = [...ctx.state.ssm.secrets.values()]
    .map((secret, seq) => ({ secret, seq }))
    .filter(({ secret }) => input.SecretType === 0 && (state === null || secret.status === state) && (search === undefined || secret.name.includes(search)))
    .sort((a, b) => (input.OrderType === 1 ? 1 : -1) * ((a.secret.createTime ?? 0) - (b.secret.createTime ?? 0) || a.seq - b.seq));
  const limit = input.Limit === 0 ? 20 : input.Limit;
  const page = matches.slice(input.Offset, input.Offset + limit);
  return { TotalCount: matches.length, SecretMetadatas: page.map(({ secret }) => ({ ...metadata(secret, ctx), KmsKeyType: '', RotationStatus: 0 })) };
}
