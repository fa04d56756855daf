import * as v from 'valibot';
import { ApiError } from '../api-error';
import { imageView } from '../instance-view';
import { FiltersParam, PagingParams, parseParams } from '../params';
import type { ImageSeed } from '../seed';
import type { ActionContext } from '../service';

const MAX_FILTERS = 10;
const MAX_LIMIT = 100;
const FORMAT = 'InvalidParameter.InvalidDataFormat';

export const DescribeImageParamsSchema = v.object({
  Filters: FiltersParam,
  ...PagingParams,
});

type Matcher = (image: ImageSeed, values: readonly string[]) => boolean;

// The documented filters (ecm_models.d.ts DescribeImageRequest); `image-name` and `image-os` match
// part of the name and take one value.
const MATCHERS: Readonly<Record<string, Matcher>> = {
  'image-id': (i, values) => values.includes(i.imageId),
  'image-type': (i, values) => values.includes(imageView(i).ImageType),
  'image-name': (i, values) => values.some((value) => imageView(i).ImageName.includes(value)),
  'image-os': (i, values) => values.some((value) => imageView(i).Platform.toLowerCase().includes(value.toLowerCase())),
};
const SINGLE_VALUE = new Set(['image-name', 'image-os']);

function matcherFor(name: string, values: readonly string[]): Matcher {
  if (name === 'instance-type') throw new ApiError('UnsupportedOperation', 'the emulator does not model the filter `instance-type`');
  const matcher = MATCHERS[name];
  if (matcher === undefined) throw new ApiError('InvalidParameterValue', `unknown filter name \`${name}\``);
  if (SINGLE_VALUE.has(name) && values.length > 1) throw new ApiError('InvalidParameterValue', `filter \`${name}\` takes one value`);
  return matcher;
}

/** ECM DescribeImage: the seed's images, by filter (AND across filters, OR across values), paged. */
export function describeImage(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(DescribeImageParamsSchema, params, FORMAT);
  const filters = input.Filters ?? [];
  if (filters.length > MAX_FILTERS) throw new ApiError('InvalidParameterValue.ParameterValueTooLarge', `at most ${MAX_FILTERS} filters per request`);
  const matchers = filters.map((f) => ({ match: matcherFor(f.Name, f.Values), values: f.Values }));
  const offset = input.Offset ?? 0;
  const limit = input.Limit ?? 20;
  if (offset < 0) throw new ApiError('InvalidParameterValue', 'Offset must not be negative');
  if (limit < 1) throw new ApiError('InvalidParameterValue', 'Limit must be at least 1');
  if (limit > MAX_LIMIT) throw new ApiError('InvalidParameterValue.ParameterValueTooLarge', `Limit is at most ${MAX_LIMIT}`);
  const matched = [...ctx.state.ecm.images.values()].filter((image) => matchers.every(({ match, values }) => match(image, values)));
  return { TotalCount: matched.length, ImageSet: matched.slice(offset, offset + limit).map((image) => imageView(image)) };
}
