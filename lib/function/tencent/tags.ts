import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as TagClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client';
import type { TagResourcesRequest, TagResourcesResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_models';
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

/** Six-segment resource name of an ECM instance, as the Tag API wants it. */
export const instanceResource = (region: string, uin: string, instanceId: string): string => `qcs::ecm:${region}:uin/${uin}:instance/${instanceId}`;

/** Tag API (2018-08-13) on ECM instances: the human-visible mirror of an escalation (the ledger is the state). */
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
  };
}
