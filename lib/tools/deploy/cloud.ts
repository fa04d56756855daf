/**
 * The official SDK's clients for the deployer and the doctor, from the caller's environment:
 * TENCENTCLOUD_SECRETID / SECRETKEY (/ SESSIONTOKEN), a region, and RESET_API_ENDPOINT to send every
 * call to one base URL (the emulator), as lib/function/tencent/client-options.ts does for the function.
 */
import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as CamClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client';
import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client';
import { Client as TagClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client';
import { Client as TdmqClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_client';
import { systemClock } from '../../function/kernel/clock';
import { type CosClient, createCosClient } from '../../function/tencent/cos/cos-client';

type Env = Readonly<Record<string, string | undefined>>;

export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token: string | null;
}

export interface Cloud {
  readonly region: string;
  readonly credentials: Credentials;
  /** RESET_API_ENDPOINT, or null for Tencent Cloud's own endpoints. */
  readonly endpoint: URL | null;
  readonly scf: ScfClient;
  readonly cam: CamClient;
  readonly ssm: SsmClient;
  readonly tdmq: TdmqClient;
  readonly ecm: EcmClient;
  readonly tag: TagClient;
  /** The COS client of the function (lib/function/tencent/cos/) for one bucket. */
  cos(bucket: string, region: string): CosClient;
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

const nonBlank = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** Per-call timeout, seconds: management calls answer quickly; a zip upload may take longer. */
const REQUEST_TIMEOUT_S = 60;

/**
 * The clients, or a SetupError saying what is missing.
 * @example
 * const cloud = connect(process.env, 'ap-guangzhou');
 * await cloud.scf.GetFunction({ FunctionName: 'ecm-reset' });
 */
export function connect(env: Env, region: string): Cloud {
  const secretId = nonBlank(env['TENCENTCLOUD_SECRETID']);
  const secretKey = nonBlank(env['TENCENTCLOUD_SECRETKEY']);
  if (secretId === undefined || secretKey === undefined) {
    throw new SetupError(
      'TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are not set: export the API key of an account that may manage SCF, CAM, SSM, TDMQ and COS (against the emulator: a seeded credential, e.g. from examples/seed.json)',
    );
  }
  const endpointText = nonBlank(env['RESET_API_ENDPOINT']);
  let endpoint: URL | null = null;
  if (endpointText !== undefined) {
    if (!/^https?:\/\/[^/?#]+\/?$/.test(endpointText))
      throw new SetupError(`RESET_API_ENDPOINT must be a base URL such as http://127.0.0.1:4566, not ${endpointText}`);
    endpoint = new URL(endpointText);
  }
  const credentials: Credentials = { secretId, secretKey, token: nonBlank(env['TENCENTCLOUD_SESSIONTOKEN']) ?? null };
  const httpProfile: NonNullable<NonNullable<ClientConfig['profile']>['httpProfile']> = { reqTimeout: REQUEST_TIMEOUT_S };
  if (endpoint !== null) {
    httpProfile.endpoint = endpoint.host;
    httpProfile.protocol = `${endpoint.protocol}//`;
  }
  const config: ClientConfig = {
    credential: { secretId, secretKey, ...(credentials.token === null ? {} : { token: credentials.token }) },
    region,
    profile: { httpProfile },
  };
  // CAM is global and ECM's instance APIs take no region (the SDK drops X-TC-Region when it is empty).
  const global: ClientConfig = { ...config, region: '' };
  return {
    region,
    credentials,
    endpoint,
    scf: named(new ScfClient(config), 'scf'),
    cam: named(new CamClient(global), 'cam'),
    ssm: named(new SsmClient(config), 'ssm'),
    tdmq: named(new TdmqClient(config), 'tdmq'),
    ecm: named(new EcmClient(global), 'ecm'),
    tag: named(new TagClient(config), 'tag'),
    cos: (bucket, bucketRegion) =>
      createCosClient({ credentials, bucket, region: bucketRegion, endpoint, proxy: null, timeoutMs: REQUEST_TIMEOUT_S * 1000, clock: systemClock }),
  };
}

/**
 * The client, whose failures say which call failed (`actionOf(e)` = `scf:CreateFunction`): SDK exceptions
 * carry the code and message only.
 */
function named<T extends object>(client: T, service: string): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !/^[A-Z]/.test(property)) return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (e) {
          if (typeof e === 'object' && e !== null && !('action' in e)) Object.assign(e, { action: `${service}:${property}` });
          throw e;
        }
      };
    },
  });
}

/** The call that failed: `scf:CreateFunction`, `cos:PutBucket`…; undefined when unknown. */
export function actionOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const record = e as { action?: unknown; service?: unknown };
  if (typeof record.action !== 'string') return undefined;
  return record.action.includes(':') || typeof record.service !== 'string' ? record.action : `${record.service}:${record.action}`;
}

/** The API error code of an SDK failure (TencentCloudSDKHttpException.code), or of a CloudCallError from the COS client. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const record = e as { code?: unknown; tencentCode?: unknown };
  if (typeof record.tencentCode === 'string') return record.tencentCode;
  return typeof record.code === 'string' && record.code !== '' ? record.code : undefined;
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * CAM's deny codes: both common codes are documented for every service (API 3.0 common error codes,
 * e.g. doc api/1110/36927), and services add their own `UnauthorizedOperation.*` (ECM's ForbiddenOperation,
 * SCF's CAM, per tencentcloud-sdk-go errors.go); COS answers HTTP 403 AccessDenied.
 */
export function isDenied(e: unknown): boolean {
  const code = errorCode(e) ?? '';
  return (
    code === 'AuthFailure.UnauthorizedOperation' || code === 'UnauthorizedOperation' || code.startsWith('UnauthorizedOperation.') || code === 'AccessDenied'
  );
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
