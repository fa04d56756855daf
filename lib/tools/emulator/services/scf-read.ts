import * as v from 'valibot';
import { ApiError } from '../api-error';
import { FiltersParam, PagingParams, parseParams } from '../params';
import type { ActionContext } from '../service';
import type { FunctionRecord } from '../state';
import { functionDetail, functionSummary, NamespaceParam, requireFunction, SCF_TYPE_ERROR, sortBy } from './scf-common';

/** SCF 2018-04-16 GetFunction and ListFunctions (tencentcloud-sdk-nodejs `scf/v20180416/scf_models.d.ts`). */

const Str = v.string('must be a string');

const GetFunctionParams = v.object({
  FunctionName: v.optional(Str),
  Qualifier: v.optional(Str),
  Namespace: NamespaceParam,
  ShowCode: v.optional(v.picklist(['TRUE', 'FALSE'], 'must be TRUE or FALSE')),
});

/** GetFunction: the configuration, Status (Creating → Active after `scfSettleMs`), code size and triggers. */
export function getFunction(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetFunctionParams, params, SCF_TYPE_ERROR);
  if (input.FunctionName === undefined) throw new ApiError('InvalidParameterValue.FunctionName', 'FunctionName is required');
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (input.Qualifier !== undefined && input.Qualifier !== '$LATEST') {
    throw new ApiError('ResourceNotFound.Version', `the function has no version \`${input.Qualifier}\` (only $LATEST is emulated)`);
  }
  return functionDetail(fn);
}

const GetFunctionAddressParams = v.object({ FunctionName: Str, Qualifier: v.optional(Str), Namespace: NamespaceParam });

/**
 * GetFunctionAddress: where the code package can be downloaded (`Url`, "函数的Cos地址") and `CodeSha256` ("函数的SHA256编码",
 * scf_models.d.ts). The emulator answers the SHA-256 of the zip it was given, in hex: whether the real API hashes the
 * uploaded zip, and in which encoding, is UNCONFIRMED. The URL points nowhere.
 */
export function getFunctionAddress(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetFunctionAddressParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (input.Qualifier !== undefined && input.Qualifier !== '$LATEST') {
    throw new ApiError('ResourceNotFound.Version', `the function has no version \`${input.Qualifier}\` (only $LATEST is emulated)`);
  }
  const url = `https://emulated-code-${ctx.state.scf.appId}.cos.${ctx.region ?? 'ap-guangzhou'}.myqcloud.com/${fn.namespace}/${fn.name}.zip`;
  return { Url: url, CodeSha256: fn.code.sha256 };
}

const ListFunctionsParams = v.object({
  Order: v.optional(Str),
  Orderby: v.optional(Str),
  ...PagingParams,
  SearchKey: v.optional(Str),
  Namespace: NamespaceParam,
  Description: v.optional(Str),
  Filters: FiltersParam,
});

/** Filters with several values, matched against the summary's field of the same name. */
const MULTI_VALUE_FILTERS = ['Status', 'Runtime', 'Type', 'AsyncRunEnable', 'TraceEnable'];
const SINGLE_VALUE_FILTERS = ['Role'];
const ORDER_KEYS: Record<string, (fn: FunctionRecord) => string | number> = {
  AddTime: (fn) => fn.addTime,
  ModTime: (fn) => fn.modTime,
  FunctionName: (fn) => fn.name,
};

/**
 * ListFunctions in one namespace: SearchKey and Description match substrings, Filters Status, Runtime,
 * Type, AsyncRunEnable, TraceEnable (up to 20 values each) and Role (one value); at most 10 filters.
 * Offset/Limit default 0/20. Without Orderby the newest come first (the real default order is UNCONFIRMED).
 */
export function listFunctions(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ListFunctionsParams, params, SCF_TYPE_ERROR);
  const order = input.Order ?? 'DESC';
  if (order !== 'ASC' && order !== 'DESC') throw new ApiError('InvalidParameterValue.Order', 'Order is ASC or DESC');
  const key = ORDER_KEYS[input.Orderby ?? 'AddTime'];
  if (key === undefined) throw new ApiError('InvalidParameterValue.Orderby', `Orderby is one of ${Object.keys(ORDER_KEYS).join(', ')}`);
  const offset = input.Offset ?? 0;
  const limit = input.Limit ?? 20;
  if (offset < 0) throw new ApiError('InvalidParameterValue.Offset', 'Offset must not be negative');
  if (limit < 1) throw new ApiError('InvalidParameterValue.Limit', 'Limit must be positive');
  const filters = input.Filters ?? [];
  if (filters.length > 10) throw new ApiError('InvalidParameterValue', `${filters.length} filters; at most 10 are allowed`);
  for (const filter of filters) {
    const multi = MULTI_VALUE_FILTERS.includes(filter.Name);
    if (!multi && !SINGLE_VALUE_FILTERS.includes(filter.Name)) {
      throw new ApiError(
        'InvalidParameterValue',
        `the emulator filters on ${[...MULTI_VALUE_FILTERS, ...SINGLE_VALUE_FILTERS].join(', ')}, not ${filter.Name}`,
      );
    }
    if (filter.Values.length > (multi ? 20 : 1)) throw new ApiError('InvalidParameterValue', `filter ${filter.Name} takes at most ${multi ? 20 : 1} values`);
  }
  const matches = [...ctx.state.scf.functions.values()].filter((fn) => {
    if (fn.namespace !== input.Namespace) return false;
    if (input.SearchKey !== undefined && !fn.name.includes(input.SearchKey)) return false;
    if (input.Description !== undefined && !fn.description.includes(input.Description)) return false;
    const summary = { ...functionSummary(fn), Role: fn.role };
    return filters.every((filter) => filter.Values.includes(String(summary[filter.Name as keyof typeof summary])));
  });
  const page = sortBy(matches, key, order).slice(offset, offset + limit);
  return { Functions: page.map(functionSummary), TotalCount: matches.length };
}
