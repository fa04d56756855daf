/**
 * The instances RESET_ALLOW lets the function reset, found as the function finds them: DescribeInstances
 * by `instance-id` (at most 5 values a call) and by `tag:KEY` (ECM filters, ecm_models.d.ts), or every
 * instance for `*`.
 */
import type { Filter, Instance } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ecm/v20190719/ecm_models';
import type { AllowList } from '../../function/config/allow-list';
import { type OsFamily, osFamily } from '../../function/guardrails/os-family';
import type { Cloud } from '../deploy/cloud';

export interface AllowedInstance {
  readonly instanceId: string;
  /** linux or windows, as DescribeInstances reports the instance's image. */
  readonly family: OsFamily;
}

const PAGE = 100;
const VALUES_PER_FILTER = 5;

async function describeAll(cloud: Cloud, filters: Filter[]): Promise<Instance[]> {
  const out: Instance[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await cloud.ecm.DescribeInstances({ Filters: filters, Offset: offset, Limit: PAGE });
    out.push(...(page.InstanceSet ?? []));
    if ((page.InstanceSet ?? []).length < PAGE || out.length >= (page.TotalCount ?? 0)) return out;
  }
}

/** Every allowed instance, once; and the ids RESET_ALLOW names that ECM does not know. */
export async function allowedInstances(cloud: Cloud, allow: AllowList): Promise<{ instances: AllowedInstance[]; missingIds: string[] }> {
  const found = new Map<string, Instance>();
  const add = (list: Instance[]) => {
    for (const i of list) if (i.InstanceId !== undefined) found.set(i.InstanceId, i);
  };
  if (allow.any) add(await describeAll(cloud, []));
  else {
    const ids = [...allow.instanceIds];
    for (let i = 0; i < ids.length; i += VALUES_PER_FILTER)
      add(await describeAll(cloud, [{ Name: 'instance-id', Values: ids.slice(i, i + VALUES_PER_FILTER) }]));
    for (const s of allow.selectors) add(await describeAll(cloud, [{ Name: `tag:${s.key}`, Values: [s.value] }]));
  }
  const instances = [...found.values()].map((i) => ({ instanceId: i.InstanceId ?? '', family: osFamily(i.Image?.OsType) }));
  return { instances, missingIds: [...allow.instanceIds].filter((id) => !found.has(id)) };
}
