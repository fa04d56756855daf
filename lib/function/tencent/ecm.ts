import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as EcmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_client';
import type { Filter, Instance, ResetInstancesRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_models';
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

/** ECM (2019-07-19) through the SDK's own client: DescribeInstances, DescribeImage and ResetInstances. */
export function createEcm(options: ClientConfig): EcmPort {
  const client = new EcmClient(options);
  return {
    async describeInstances(query, offset, limit) {
      try {
        const r = await client.DescribeInstances({ Filters: filtersFor(query), Offset: offset, Limit: limit });
        return {
          instances: (r.InstanceSet ?? []).map(toInstance),
          totalCount: Number(r.TotalCount ?? 0),
          apiRequestId: r.RequestId ?? '',
        };
      } catch (e) {
        throw toCloudError('ecm', 'DescribeInstances', e);
      }
    },
    async describeImage(imageId) {
      try {
        const r = await client.DescribeImage({ Filters: [{ Name: 'image-id', Values: [imageId] }], Limit: 1 });
        const image = (r.ImageSet ?? []).find((i) => i.ImageId === imageId);
        return image === undefined ? null : { imageId, osType: orNull(image.OsType)?.toLowerCase() ?? null, architecture: orNull(image.Architecture) };
      } catch (e) {
        throw toCloudError('ecm', 'DescribeImage', e);
      }
    },
    async resetInstances(p: ResetInstancesParams) {
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
        const r = await client.ResetInstances(req);
        return { apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('ecm', 'ResetInstances', e);
      }
    },
  };
}
