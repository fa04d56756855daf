import * as v from 'valibot';
import { ApiError } from './api-error';
import { coerceFormValue, isFormEncoded } from './form-params';

type ParamsSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/**
 * Validates an action's parameters the way API 3.0 reports problems: an unknown
 * name is `UnknownParameter` (it catches misspelled parameters, which the real API
 * rejects too), a missing one `MissingParameter`, a wrong type or value `typeErrorCode`.
 */
export function parseParams<const TSchema extends ParamsSchema>(schema: TSchema, params: unknown, typeErrorCode: string): v.InferOutput<TSchema> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ApiError(typeErrorCode, 'the request body must be a JSON object');
  }
  const record = params as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in schema.entries)) throw new ApiError('UnknownParameter', `the parameter \`${key}\` is not recognized`);
  }
  for (const [key, entry] of Object.entries(schema.entries)) {
    const optional = entry.type === 'optional' || entry.type === 'nullish' || entry.type === 'exact_optional';
    if (!optional && record[key] === undefined) {
      throw new ApiError('MissingParameter', `the request is missing a required parameter \`${key}\``);
    }
  }
  const typed = isFormEncoded(params)
    ? Object.fromEntries(Object.entries(record).map(([k, value]) => [k, coerceFormValue(schema.entries[k] as Parameters<typeof coerceFormValue>[0], value)]))
    : record;
  const result = v.safeParse(schema, typed);
  if (result.success) return result.output;
  const [issue] = result.issues;
  const path = v.getDotPath(issue) ?? '';
  throw new ApiError(typeErrorCode, `\`${path}\`: ${issue.message}`);
}

/** A string parameter that must not be empty. */
export const NonEmptyString = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'));

/** `Filters` as the ECM Describe actions take them: a list of `{Name, Values}`. */
export const FiltersParam = v.optional(
  v.array(
    v.strictObject({
      Name: v.string('must be a string'),
      Values: v.array(v.string('must be a string'), 'must be an array of strings'),
    }),
    'must be an array of {Name, Values}',
  ),
);

/** `Offset` / `Limit` paging of the Describe actions. */
export const PagingParams = {
  Offset: v.optional(v.pipe(v.number('must be a number'), v.integer('must be an integer'))),
  Limit: v.optional(v.pipe(v.number('must be a number'), v.integer('must be an integer'))),
};
