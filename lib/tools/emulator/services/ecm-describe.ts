import * as v from 'valibot';
import { ApiError } from '../api-error';
import { instanceView } from '../instance-view';
import { FiltersParam, PagingParams, parseParams } from '../params';
import type { ActionContext } from '../service';
import type { InstanceRecord } from '../state';

const MAX_FILTER_VALUES = 5;
const MAX_LIMIT = 100;
const FORMAT = 'InvalidParameter.InvalidDataFormat';

export const DescribeInstancesParamsSchema = v.object({
  Filters: FiltersParam,
  ...PagingParams,
  OrderByField: v.optional(v.picklist(['timestamp'], 'only "timestamp" is supported')),
  OrderDirection: v.optional(v.picklist([0, 1], 'must be 0 (descending) or 1 (ascending)')),
});

type Matcher = (instance: InstanceRecord, values: readonly string[]) => boolean;

const MATCHERS: Readonly<Record<string, Matcher>> = {
  'instance-id': (i, values) => values.includes(i.instanceId),
  'instance-uuid': (i, values) => values.some((value) => value.toLowerCase() === i.uuid.toLowerCase()),
  'instance-state': (i, values) => values.includes(i.state),
  'instance-name': (i, values) => values.some((value) => i.instanceName.includes(value)),
  'image-id': (i, values) => values.includes(i.imageId),
  'tag-key': (i, values) => values.some((key) => i.tags.has(key)),
};

/** Documented filters whose data the emulator does not model: refusing beats silently matching all. */
const NOT_EMULATED = new Set([
  'zone',
  'zone-name',
  'module-id',
  'module-name',
  'ip-address',
  'internet-service-provider',
  'instance-family',
  'vpc-id',
  'subnet-id',
]);

function matcherFor(name: string): Matcher {
  if (name.startsWith('tag:') && name.length > 4) {
    const key = name.slice(4);
    return (i, values) => {
      const value = i.tags.get(key);
      return value !== undefined && values.includes(value);
    };
  }
  const matcher = MATCHERS[name];
  if (matcher !== undefined) return matcher;
  if (NOT_EMULATED.has(name)) throw new ApiError('UnsupportedOperation', `the emulator does not model the filter \`${name}\``);
  throw new ApiError('InvalidParameterValue', `unknown filter name \`${name}\``);
}

/** ECM DescribeInstances: filters (AND across filters, OR across values), paging, creation-time order. */
export function describeInstances(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(DescribeInstancesParamsSchema, params, FORMAT);
  const filters = (input.Filters ?? []).map((filter) => {
    if (filter.Values.length > MAX_FILTER_VALUES) {
      throw new ApiError(
        'InvalidParameterValue.ParameterValueTooLarge',
        `filter \`${filter.Name}\` has ${filter.Values.length} values; at most ${MAX_FILTER_VALUES} are allowed`,
      );
    }
    return { match: matcherFor(filter.Name), values: filter.Values };
  });
  const offset = input.Offset ?? 0;
  const limit = input.Limit ?? 20;
  if (offset < 0) throw new ApiError('InvalidParameterValue', 'Offset must not be negative');
  if (limit < 1) throw new ApiError('InvalidParameterValue', 'Limit must be at least 1');
  if (limit > MAX_LIMIT) throw new ApiError('InvalidParameterValue.ParameterValueTooLarge', `Limit is at most ${MAX_LIMIT}`);
  const matched = ctx.state.ecm.instances.filter((instance) => filters.every(({ match, values }) => match(instance, values)));
  // Default is newest first; seed order breaks ties, so equal creation times keep a stable order.
  const direction = input.OrderDirection === 1 ? 1 : -1;
  const ordered = matched
    .map((instance, index) => ({ instance, index }))
    .sort((a, b) => direction * a.instance.createTime.localeCompare(b.instance.createTime) || a.index - b.index)
    .map(({ instance }) => instance);
  return {
    TotalCount: matched.length,
    InstanceSet: ordered.slice(offset, offset + limit).map((instance) => instanceView(instance, ctx.state.ecm.images)),
  };
}
