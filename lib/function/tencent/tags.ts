import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as TagClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client';
import type {
  GetResourcesRequest,
  GetResourcesResponse,
  TagResourcesRequest,
  TagResourcesResponse,
  UnTagResourcesRequest,
  UnTagResourcesResponse,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_models';
import { CloudCallError } from '../ports/cloud-error';
import type { TagPort } from '../ports/cloud-ports';
import { toCloudError } from './to-cloud-error';

interface FailedResource {
  Resource?: string;
  Code?: string;
  Message?: string;
}

/**
 * TagResources and UnTagResources answer success even when some resources failed; they list
 * them in FailedResources. Guardrail state that silently did not stick is worse than an error.
 */
function throwIfAnyFailed(action: string, failed: readonly FailedResource[] | undefined, requestId: string | undefined): void {
  const first = failed?.[0];
  if (!failed || first === undefined) return;
  const code = first.Code ?? 'FailedOperation';
  throw new CloudCallError(
    'tag',
    action,
    'rejected',
    `tag:${action} failed for ${failed.length} resource(s): ${code}: ${first.Message ?? ''} (${first.Resource ?? '?'})`,
    code,
    requestId,
    null,
  );
}

/** GetResources returns at most 200 resources a page. */
const GET_RESOURCES_MAX = 200;

/** Six-segment resource name of an ECM instance, as the Tag API wants it. */
export const instanceResource = (region: string, uin: string, instanceId: string): string => `qcs::ecm:${region}:uin/${uin}:instance/${instanceId}`;

/** Tag API (2018-08-13) on ECM instances: where the guardrails keep their durable state. */
export function createTags(options: ClientConfig, region: string, uin: string): TagPort {
  const client = new TagClient(options);
  const resources = (ids: readonly string[]) => ids.map((id) => instanceResource(region, uin, id));
  return {
    async tagInstances(instanceIds, tags, options) {
      const req: TagResourcesRequest = {
        ResourceList: resources(instanceIds),
        Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      };
      try {
        const r: TagResourcesResponse = await client.request('TagResources', req, options);
        throwIfAnyFailed('TagResources', r.FailedResources, r.RequestId);
        return { apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('tag', 'TagResources', e);
      }
    },
    async taggedInstances(key, values, token, options) {
      const req: GetResourcesRequest = {
        TagFilters: [{ TagKey: key, TagValue: [...values] }],
        MaxResults: GET_RESOURCES_MAX,
        ...(token === '' ? {} : { PaginationToken: token }),
      };
      try {
        const r: GetResourcesResponse = await client.request('GetResources', req, options);
        // Other services' resources may carry the same key: keep this region's ECM instances.
        const prefix = instanceResource(region, uin, '');
        const instances = (r.ResourceTagMappingList ?? [])
          .filter((m) => m.Resource?.startsWith(prefix) === true)
          .map((m) => ({
            instanceId: (m.Resource ?? '').slice(prefix.length),
            tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.TagKey, t.TagValue ?? ''])),
          }));
        return { instances, next: r.PaginationToken ?? '', apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('tag', 'GetResources', e);
      }
    },
    async untagInstances(instanceIds, keys, options) {
      const req: UnTagResourcesRequest = { ResourceList: resources(instanceIds), TagKeys: [...keys] };
      try {
        const r: UnTagResourcesResponse = await client.request('UnTagResources', req, options);
        throwIfAnyFailed('UnTagResources', r.FailedResources, r.RequestId);
        return { apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('tag', 'UnTagResources', e);
      }
    },
  };
}
