import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import type {
  DescribeImageRequest,
  DescribeImageResponse,
  DescribeInstancesRequest,
  DescribeInstancesResponse,
  Filter,
  Instance,
  ResetInstancesRequest,
  ResetInstancesResponse,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_models';
import type { EcmInstance, EcmPort, InstanceQuery, ResetInstancesParams } from '../ports/cloud-ports';
import { toCloudError } from './to-cloud-error';

function filtersFor(query: InstanceQuery): Filter[] {
  switch (query.by) {
    case 'ids':
      return [{ Name: 'instance-id', Values: [...query.instanceIds] }];
    case 'uuids':
      return [{ Name: 'instance-uuid', Values: [...query.uuids] }];
    case 'tag':
      return [{ Name: `tag:${query.selector.key}`, Values: [query.selector.value] }];
    case 'tag-key':
      return [{ Name: 'tag-key', Values: [query.key] }];
    case 'all':
      return [];
  }
}

const orNull = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

function toInstance(i: Instance): EcmInstance {
  const tags: Record<string, string> = {};
  for (const t of i.TagSet ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return {
    instanceId: i.InstanceId ?? '',
    uuid: orNull(i.UUID),
    name: orNull(i.InstanceName),
    state: orNull(i.InstanceState),
    osType: orNull(i.Image?.OsType)?.toLowerCase() ?? null,
    imageId: orNull(i.Image?.ImageId),
    tags,
    latestOperation: orNull(i.LatestOperation),
    latestOperationState: orNull(i.LatestOperationState),
    memoryGb: typeof i.InstanceTypeConfig?.Memory === 'number' ? i.InstanceTypeConfig.Memory : null,
  };
}

/**
 * ECM (2019-07-19) through the SDK's own client: DescribeInstances, DescribeImage and ResetInstances.
 * Every call goes through `client.request('Action', req, { signal })`, the one SDK entry that takes
 * per-call options (the generated `client.Action(req)` wrappers take none); the build keeps the
 * actions named in those calls (lib/tools/build/used-actions.ts), so the name stays a literal.
 */
export function createEcm(options: ClientConfig): EcmPort {
  const client = new EcmClient(options);
  return {
    async describeInstances(query, offset, limit, options) {
      const req: DescribeInstancesRequest = { Filters: filtersFor(query), Offset: offset, Limit: limit };
      try {
        const r: DescribeInstancesResponse = await client.request('DescribeInstances', req, options);
        return {
          instances: (r.InstanceSet ?? []).map(toInstance),
          totalCount: Number(r.TotalCount ?? 0),
          apiRequestId: r.RequestId ?? '',
        };
      } catch (e) {
        throw toCloudError('ecm', 'DescribeInstances', e);
      }
    },
    async describeImage(imageId, options) {
      const req: DescribeImageRequest = { Filters: [{ Name: 'image-id', Values: [imageId] }], Limit: 1 };
      try {
        const r: DescribeImageResponse = await client.request('DescribeImage', req, options);
        const image = (r.ImageSet ?? []).find((i) => i.ImageId === imageId);
        return image === undefined ? null : { imageId, osType: orNull(image.OsType)?.toLowerCase() ?? null, architecture: orNull(image.Architecture) };
      } catch (e) {
        throw toCloudError('ecm', 'DescribeImage', e);
      }
    },
    async resetInstances(p: ResetInstancesParams, options) {
      const req: ResetInstancesRequest = {
        InstanceIdSet: [...p.instanceIds],
        KeepData: p.keepData ? 'true' : 'false',
      };
      if (p.imageId !== null) req.ImageId = p.imageId;
      if (p.password !== null) req.Password = p.password;
      // The API's default for KeepImageLogin is FALSE; only send it when asked for.
      if (p.keepImageLogin) req.KeepImageLogin = 'TRUE';
      if (p.enhancedService !== null) {
        const es: NonNullable<ResetInstancesRequest['EnhancedService']> = {};
        if (p.enhancedService.monitor !== undefined) es.MonitorService = { Enabled: p.enhancedService.monitor };
        if (p.enhancedService.security !== undefined) es.SecurityService = { Enabled: p.enhancedService.security };
        req.EnhancedService = es;
      }
      try {
        const r: ResetInstancesResponse = await client.request('ResetInstances', req, options);
        return { apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('ecm', 'ResetInstances', e);
      }
    },
  };
}
