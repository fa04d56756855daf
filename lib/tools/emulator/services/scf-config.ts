import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import type { ActionContext } from '../service';
import { KNOWN_QUALIFIERS, NamespaceParam, requireFunction, requireStatus, SCF_TYPE_ERROR, USABLE } from './scf-common';

/**
 * SCF 2018-04-16 reserved concurrency (Put/Get/DeleteReservedConcurrencyConfig) and the async retry
 * configuration (Update/GetFunctionEventInvokeConfig, docs api/583/53639 and 583/39921); parameters from
 * tencentcloud-sdk-nodejs `scf/v20180416/scf_models.d.ts`, errors from tencentcloud-sdk-go `scf/v20180416/client.go`.
 */

const Str = v.string('must be a string');
const Int = v.pipe(v.number('must be a number'), v.integer('must be a whole number'));

/** Per-region concurrency quota in MB (doc 583/11637): 128000 in these regions, 64000 elsewhere. */
const LARGE_REGIONS = ['ap-guangzhou', 'ap-shanghai', 'ap-beijing', 'ap-chengdu', 'ap-hongkong'];
/** "函数的最大独占配额内存总和上限：用户总并发内存配额 - 12800" (PutReservedConcurrencyConfig.ReservedConcurrencyMem). */
const UNRESERVABLE_MB = 12_800;

const PutReservedParams = v.object({ FunctionName: Str, ReservedConcurrencyMem: Int, Namespace: NamespaceParam });

/** PutReservedConcurrencyConfig: MB of concurrent memory kept for the function; all functions' together stay under quota − 12800. */
export function putReservedConcurrencyConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(PutReservedParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  requireStatus(fn, USABLE, 'FailedOperation.FunctionVersionStatusNotActive');
  if (input.ReservedConcurrencyMem < 0) throw new ApiError('InvalidParameterValue', 'ReservedConcurrencyMem must not be negative');
  const quota = (LARGE_REGIONS.includes(ctx.region ?? '') ? 128_000 : 64_000) - UNRESERVABLE_MB;
  const others = [...ctx.state.scf.functions.values()].filter((f) => f !== fn).reduce((sum, f) => sum + (f.reservedMem ?? 0), 0);
  if (others + input.ReservedConcurrencyMem > quota) {
    throw new ApiError(
      'LimitExceeded.FunctionReservedConcurrencyMemory',
      `${others} MB is reserved by other functions; ${input.ReservedConcurrencyMem} more exceeds the ${quota} MB that may be reserved`,
    );
  }
  fn.reservedMem = input.ReservedConcurrencyMem;
  return {};
}

const FunctionParams = v.object({ FunctionName: Str, Namespace: NamespaceParam });

/** GetReservedConcurrencyConfig: ReservedMem, null when none is set. */
export function getReservedConcurrencyConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(FunctionParams, params, SCF_TYPE_ERROR);
  return { ReservedMem: requireFunction(ctx, input.Namespace, input.FunctionName).reservedMem };
}

export function deleteReservedConcurrencyConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(FunctionParams, params, SCF_TYPE_ERROR);
  requireFunction(ctx, input.Namespace, input.FunctionName).reservedMem = null;
  return {};
}

const UpdateEventInvokeParams = v.object({
  AsyncTriggerConfig: v.strictObject({
    RetryConfig: v.array(v.strictObject({ RetryNum: Int }), 'must be a list of {RetryNum}'),
    MsgTTL: Int,
  }),
  FunctionName: Str,
  Namespace: NamespaceParam,
});

/**
 * UpdateFunctionEventInvokeConfig: retries of failed async invocations and how long their events are kept
 * (s). The documented example holds `RetryNum: -1`; the allowed ranges are not documented (UNCONFIRMED), so
 * the emulator takes RetryNum ≥ -1 and MsgTTL ≥ 1.
 */
export function updateFunctionEventInvokeConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(UpdateEventInvokeParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  requireStatus(fn, USABLE, 'FailedOperation.FunctionVersionStatusNotActive');
  const { RetryConfig, MsgTTL } = input.AsyncTriggerConfig;
  if (RetryConfig.length === 0 || RetryConfig.some((r) => r.RetryNum < -1) || MsgTTL < 1) {
    throw new ApiError('InvalidParameterValue.AsyncTriggerConfig', 'RetryConfig needs at least one RetryNum ≥ -1 and MsgTTL at least 1 second');
  }
  fn.asyncRetry = { retryNums: RetryConfig.map((r) => r.RetryNum), msgTtl: MsgTTL };
  return {};
}

const GetEventInvokeParams = v.object({ FunctionName: Str, Namespace: NamespaceParam, Qualifier: v.optional(Str, '$LATEST') });

/** GetFunctionEventInvokeConfig: the configuration set, or the defaults (two retries). */
export function getFunctionEventInvokeConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetEventInvokeParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (!KNOWN_QUALIFIERS.includes(input.Qualifier)) throw new ApiError('ResourceNotFound.Qualifier', `no version or alias \`${input.Qualifier}\``);
  return { AsyncTriggerConfig: { RetryConfig: fn.asyncRetry.retryNums.map((RetryNum) => ({ RetryNum })), MsgTTL: fn.asyncRetry.msgTtl } };
}
