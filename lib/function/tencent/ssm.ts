import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client';
import type { GetSecretValueRequest, GetSecretValueResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_models';
import type { SecretsPort } from '../ports/cloud-ports';
import { toCloudError } from './to-cloud-error';

/** SSM (2019-09-23) GetSecretValue; SecretBinary is base64 of the value's bytes. */
export function createSecrets(options: ClientConfig): SecretsPort {
  const client = new SsmClient(options);
  return {
    async getSecretValue(name, versionId, options) {
      const req: GetSecretValueRequest = { SecretName: name, VersionId: versionId };
      try {
        const r: GetSecretValueResponse = await client.request('GetSecretValue', req, options);
        if (r.SecretString !== undefined && r.SecretString !== '') return r.SecretString;
        return Buffer.from(r.SecretBinary ?? '', 'base64').toString('utf8');
      } catch (e) {
        throw toCloudError('ssm', 'GetSecretValue', e);
      }
    },
  };
}
