import type { Agent } from 'node:http';
import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import type { Config } from '../config/config';

/**
 * SDK client options from the configuration. With RESET_API_ENDPOINT every service goes to
 * that one base URL (the emulator); the SDK then signs with the host's first label as the
 * service name, which the emulator accepts like any scope it can recompute.
 */
export function clientOptions(config: Config, agent: Agent | undefined): ClientConfig {
  const credential = {
    secretId: config.credentials.secretId,
    secretKey: config.credentials.secretKey,
    ...(config.credentials.token === null ? {} : { token: config.credentials.token }),
  };
  // The SDK's fetch (and the bundle's) uses a proxy only when no agent is given. reqTimeout is a
  // backstop (from the socket on): lib/function/ports/cloud-calls.ts aborts each call sooner, at
  // min(RESET_API_TIMEOUT, the invocation's time left), through the request's signal.
  const httpProfile: NonNullable<NonNullable<ClientConfig['profile']>['httpProfile']> = {
    reqTimeout: config.apiTimeoutSeconds,
    ...(config.apiProxy !== null ? { proxy: config.apiProxy.href } : agent === undefined ? {} : { agent }),
  };
  if (config.apiEndpoint !== null) {
    httpProfile.endpoint = config.apiEndpoint.host;
    httpProfile.protocol = `${config.apiEndpoint.protocol}//`;
  }
  return { credential, region: config.region, profile: { httpProfile } };
}
