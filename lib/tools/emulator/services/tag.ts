import * as v from 'valibot';
import { ApiError } from '../api-error';
import { NonEmptyString, parseParams } from '../params';
import type { ActionContext, ServiceDefinition } from '../service';
import type { InstanceRecord } from '../state';
import { checkTagKey, checkTagValue, parseResourceName, resourceName, TAG_LIMITS } from './tag-rules';

const FORMAT = 'InvalidParameter';
const TagSchema = v.strictObject({ TagKey: v.string('must be a string'), TagValue: v.string('must be a string'), Category: v.optional(v.string()) });
const KeyListSchema = v.array(v.string('must be a string'), 'must be an array of strings');

export const TagResourcesParamsSchema = v.object({
  ResourceList: v.array(NonEmptyString, 'must be an array of resource names'),
  Tags: v.array(TagSchema, 'must be an array of {TagKey, TagValue}'),
});
export const UnTagResourcesParamsSchema = v.object({
  ResourceList: v.array(NonEmptyString, 'must be an array of resource names'),
  TagKeys: KeyListSchema,
});
export const ModifyResourceTagsParamsSchema = v.object({
  Resource: NonEmptyString,
  ReplaceTags: v.optional(v.array(TagSchema, 'must be an array of {TagKey, TagValue}')),
  DeleteTags: v.optional(v.array(v.strictObject({ TagKey: v.string('must be a string') }), 'must be an array of {TagKey}')),
});

interface FailedResource {
  readonly Resource: string;
  readonly Code: string;
  readonly Message: string;
}

function checkCount(what: string, count: number): void {
  if (count === 0) throw new ApiError('MissingParameter', `${what} must not be empty`);
  if (count > TAG_LIMITS.itemsPerRequest) {
    const code = what === 'ResourceList' ? 'LimitExceeded.ResourceNumPerRequest' : 'InvalidParameter.Tag';
    throw new ApiError(code, `${what} has ${count} items; at most ${TAG_LIMITS.itemsPerRequest} are allowed`);
  }
}

/** Resolves a resource name to an instance of the caller's account, or throws the Tag API's error. */
function resolve(resource: string, ctx: ActionContext): InstanceRecord {
  const name = parseResourceName(resource, ctx.state.seed.tagResourceForm);
  if (name.uin !== ctx.credential.uin) {
    throw new ApiError('InvalidParameterValue.UinInvalid', `uin ${name.uin} is not the account of these credentials`);
  }
  const instance = ctx.state.ecm.instance(name.instanceId);
  if (instance === undefined) throw new ApiError('InvalidParameterValue.ResourceIdInvalid', `the instance \`${name.instanceId}\` does not exist`);
  return instance;
}

/** Applies tag changes to one instance, or throws (and changes nothing) if the result breaks a limit. */
function applyTags(instance: InstanceRecord, set: readonly { TagKey: string; TagValue: string }[], remove: readonly string[]): void {
  const next = new Map(instance.tags);
  for (const key of remove) next.delete(key);
  for (const tag of set) next.set(tag.TagKey, tag.TagValue);
  if (next.size > TAG_LIMITS.tagsPerResource) {
    throw new ApiError(
      'LimitExceeded.ResourceAttachedTags',
      `instance \`${instance.instanceId}\` would have ${next.size} tags; at most ${TAG_LIMITS.tagsPerResource} are allowed`,
    );
  }
  instance.tags = next;
}

/**
 * Runs `change` per resource. Malformed names fail the whole request; problems of one
 * resource (unknown instance, too many tags) are reported in FailedResources, as the real API does.
 */
function perResource(resources: readonly string[], ctx: ActionContext, change: (instance: InstanceRecord) => void): Record<string, unknown> {
  for (const resource of resources) parseResourceName(resource, ctx.state.seed.tagResourceForm);
  const failed: FailedResource[] = [];
  for (const resource of resources) {
    try {
      change(resolve(resource, ctx));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failed.push({ Resource: resource, Code: error.code, Message: error.message });
    }
  }
  return { FailedResources: failed };
}

/** Tag TagResources: creates or overwrites tags on up to 10 resources. */
export function tagResources(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(TagResourcesParamsSchema, params, FORMAT);
  checkCount('ResourceList', input.ResourceList.length);
  checkCount('Tags', input.Tags.length);
  for (const tag of input.Tags) {
    checkTagKey(tag.TagKey);
    checkTagValue(tag.TagKey, tag.TagValue);
  }
  return perResource(input.ResourceList, ctx, (instance) => applyTags(instance, input.Tags, []));
}

/** Tag UnTagResources: removing a key the resource does not have is not an error. */
export function unTagResources(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(UnTagResourcesParamsSchema, params, FORMAT);
  checkCount('ResourceList', input.ResourceList.length);
  checkCount('TagKeys', input.TagKeys.length);
  for (const key of input.TagKeys) checkTagKey(key);
  return perResource(input.ResourceList, ctx, (instance) => applyTags(instance, [], input.TagKeys));
}

/** Tag ModifyResourceTags: replaces and deletes tags of one resource in a single step. */
export function modifyResourceTags(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ModifyResourceTagsParamsSchema, params, FORMAT);
  const replace = input.ReplaceTags ?? [];
  const remove = (input.DeleteTags ?? []).map((tag) => tag.TagKey);
  if (input.ReplaceTags === undefined && input.DeleteTags === undefined) {
    throw new ApiError('MissingParameter', 'ReplaceTags or DeleteTags is required');
  }
  // The API takes either list left out, but not given empty.
  if (input.ReplaceTags !== undefined) checkCount('ReplaceTags', replace.length);
  if (input.DeleteTags !== undefined) checkCount('DeleteTags', remove.length);
  for (const tag of replace) {
    checkTagKey(tag.TagKey);
    checkTagValue(tag.TagKey, tag.TagValue);
  }
  for (const key of remove) checkTagKey(key);
  const overlap = remove.find((key) => replace.some((tag) => tag.TagKey === key));
  if (overlap !== undefined) throw new ApiError('InvalidParameterValue.DeleteTagsParamError', `\`${overlap}\` is in both ReplaceTags and DeleteTags`);
  applyTags(resolve(input.Resource, ctx), replace, remove);
  return {};
}

const GetResourcesParamsSchema = v.object({
  ResourceList: v.optional(v.array(NonEmptyString, 'must be an array of resource names')),
  TagFilters: v.optional(
    v.array(
      v.object({ TagKey: v.string('must be a string'), TagValue: v.optional(v.array(v.string('must be a string'), 'must be an array of strings')) }),
      'must be an array of {TagKey, TagValue?}',
    ),
  ),
  PaginationToken: v.optional(v.string('must be a string')),
  MaxResults: v.optional(v.pipe(v.number('must be an integer'), v.integer('must be an integer'))),
});

/** GetResources limits: "最多支持6组标签", "每组标签中的TagValue最多支持10个", "每一页…最大200，缺省值：50". */
const GET_RESOURCES = { tagFilters: 6, valuesPerFilter: 10, maxResults: 200, defaultResults: 50 } as const;

/**
 * Tag GetResources: the account's resources bound to every tag filter (a filter's values are
 * alternatives; no values = any value), with all their tags. Pages by an opaque PaginationToken
 * (empty on the last page); with ResourceList, every match comes back and MaxResults is ignored.
 */
export function getResources(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetResourcesParamsSchema, params, FORMAT);
  const filters = input.TagFilters ?? [];
  if (filters.length > GET_RESOURCES.tagFilters)
    throw new ApiError('InvalidParameter.Tag', `TagFilters has ${filters.length} groups; at most ${GET_RESOURCES.tagFilters} are allowed`);
  for (const filter of filters) {
    checkTagKey(filter.TagKey);
    if ((filter.TagValue?.length ?? 0) > GET_RESOURCES.valuesPerFilter) {
      throw new ApiError(
        'InvalidParameter.Tag',
        `TagFilters \`${filter.TagKey}\` has ${filter.TagValue?.length ?? 0} values; at most ${GET_RESOURCES.valuesPerFilter} are allowed`,
      );
    }
  }
  const limit = input.MaxResults ?? GET_RESOURCES.defaultResults;
  if (limit < 1 || limit > GET_RESOURCES.maxResults) throw new ApiError('InvalidParameterValue', `MaxResults must be 1 to ${GET_RESOURCES.maxResults}`);
  const token = input.PaginationToken ?? '';
  if (token !== '' && !/^\d+$/.test(token)) throw new ApiError('InvalidParameterValue', `PaginationToken \`${token}\` is not a token this API returned`);
  const offset = token === '' ? 0 : Number(token);

  let candidates: InstanceRecord[];
  if (input.ResourceList !== undefined && input.ResourceList.length > 0) {
    checkCount('ResourceList', input.ResourceList.length);
    candidates = input.ResourceList.map((resource) => resolve(resource, ctx));
  } else {
    candidates = ctx.state.ecm.instances.filter((instance) => instance.tags.size > 0);
  }
  const matched = candidates.filter((instance) =>
    filters.every((f) => {
      const value = instance.tags.get(f.TagKey);
      return value !== undefined && (f.TagValue === undefined || f.TagValue.length === 0 || f.TagValue.includes(value));
    }),
  );
  const all = input.ResourceList !== undefined && input.ResourceList.length > 0;
  const page = all ? matched : matched.slice(offset, offset + limit);
  const next = all || offset + limit >= matched.length ? '' : String(offset + limit);
  const region = ctx.region ?? 'ap-guangzhou';
  return {
    PaginationToken: next,
    ResourceTagMappingList: page.map((instance) => ({
      Resource: resourceName(ctx.state.seed.tagResourceForm, region, ctx.credential.uin, instance.instanceId),
      Tags: [...instance.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
    })),
  };
}

/** Tag, API version 2018-08-13 (acting on ECM instance tags). */
export const tagService: ServiceDefinition = {
  service: 'tag',
  version: '2018-08-13',
  requiresRegion: false,
  actions: {
    TagResources: tagResources,
    UnTagResources: unTagResources,
    ModifyResourceTags: modifyResourceTags,
    GetResources: getResources,
  },
};
