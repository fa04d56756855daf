import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as TagClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client';
import type {
  TagResourcesRequest,
  TagResourcesResponse,
  UnTagResourcesRequest,
  UnTagResourcesResponse,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_models';
import type { TagResourceForm } from '../config/config';
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

/**
 * The six-segment resource name of an ECM instance, the one place it is written. `cam` (the default) is
 * how CAM's ECM table names it, with an empty region segment: `qcs::ecm::uin/<uin>:instance/<id>` (CAM doc
 * 598/57117, "边缘计算机器"). The Tag API's own table of resource names (doc 651/89122) could not be read
 * offline, so `regional` (`qcs::ecm:<region>:uin/<uin>:instance/<id>`, the general six-segment form of
 * doc 598/10606 with the function's region) stays available: `npm run doctor -- --write-check` tags one
 * instance in each form and says which the account accepts (RESET_TAG_RESOURCE_FORM).
 */
export function instanceResource(form: TagResourceForm, region: string, uin: string, instanceId: string): string {
  return `qcs::ecm:${form === 'cam' ? '' : region}:uin/${uin}:instance/${instanceId}`;
}

/** Whose instances are tagged, and how their resource names are written. */
export interface TagTarget {
  readonly region: string;
  readonly uin: string;
  readonly form: TagResourceForm;
}

/** Tag API (2018-08-13) on ECM instances: the human-visible mirror of an escalation and its release (the ledger is the state). */
export function createTags(options: ClientConfig, target: TagTarget): TagPort {
  const client = new TagClient(options);
  const resources = (ids: readonly string[]) => ids.map((id) => instanceResource(target.form, target.region, target.uin, id));
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
