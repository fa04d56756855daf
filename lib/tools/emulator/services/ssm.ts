import * as v from 'valibot';
import { ApiError } from '../api-error';
import { NonEmptyString, parseParams } from '../params';
import type { ActionContext, ServiceDefinition } from '../service';
import { createSecret, describeSecret, listSecrets } from './ssm-secrets';

export const GetSecretValueParamsSchema = v.object({
  SecretName: NonEmptyString,
  VersionId: NonEmptyString,
  EncryptionPublicKey: v.optional(v.string()),
  EncryptionAlgorithm: v.optional(v.string()),
});

/**
 * SSM GetSecretValue. Like the real API's example, both SecretString and
 * SecretBinary are present and exactly one is non-empty.
 */
export function getSecretValue(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetSecretValueParamsSchema, params, 'InvalidParameterValue');
  if (input.EncryptionPublicKey !== undefined || input.EncryptionAlgorithm !== undefined) {
    throw new ApiError('UnsupportedOperation', 'the emulator does not encrypt secret values in transit');
  }
  const secret = ctx.state.ssm.secrets.get(input.SecretName);
  if (secret === undefined) throw new ApiError('ResourceNotFound.SecretNotExist', `the secret \`${input.SecretName}\` does not exist`);
  if (secret.status === 'Disabled') {
    throw new ApiError('ResourceUnavailable.ResourceDisabled', `the secret \`${input.SecretName}\` is disabled`);
  }
  const value = Object.hasOwn(secret.versions, input.VersionId) ? secret.versions[input.VersionId] : undefined;
  if (value === undefined) {
    throw new ApiError('ResourceNotFound', `the secret \`${input.SecretName}\` has no version \`${input.VersionId}\``);
  }
  return {
    SecretName: secret.name,
    VersionId: input.VersionId,
    SecretString: typeof value === 'string' ? value : '',
    SecretBinary: typeof value === 'string' ? '' : value.binary,
  };
}

/** SSM (Secrets Manager), API version 2019-09-23. */
export const ssmService: ServiceDefinition = {
  service: 'ssm',
  version: '2019-09-23',
  requiresRegion: true,
  actions: { CreateSecret: createSecret, DescribeSecret: describeSecret, GetSecretValue: getSecretValue, ListSecrets: listSecrets },
};
