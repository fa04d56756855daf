import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { ApiError } from '../api-error';
import type { Invocation, InvocationRecord } from '../invoke-dispatch';
import { parseParams } from '../params';
import type { ActionContext } from '../service';
import { KNOWN_QUALIFIERS, NamespaceParam, requireFunction, requireStatus, SCF_TYPE_ERROR, USABLE } from './scf-common';

/**
 * SCF 2018-04-16 Invoke (tencentcloud-sdk-nodejs `scf/v20180416/scf_models.d.ts` InvokeRequest / Result).
 * `ClientContext` is the event, JSON, "同步调用最大支持 6MB，异步调用最大支持 128 KB" (also doc 583/11637).
 * The event goes to the handler registered with `onInvoke`; the emulator cannot run the function's zip.
 */

const Str = v.string('must be a string');
const MAX_EVENT_BYTES = { Event: 128 * 1024, RequestResponse: 6 * 1024 * 1024 } as const;
/** The emulator keeps the newest invocations only, as it does calls. */
const MAX_INVOCATIONS = 10_000;

const InvokeParams = v.object({
  FunctionName: Str,
  InvocationType: v.optional(Str, 'RequestResponse'),
  Qualifier: v.optional(Str, '$LATEST'),
  ClientContext: v.optional(Str),
  LogType: v.optional(Str),
  Namespace: NamespaceParam,
  RoutingKey: v.optional(v.unknown()),
});

/**
 * Invoke. `Event` records the invocation, answers at once with only FunctionRequestId (the other Result
 * fields "异步调用返回为空") and hands the event to the handler after the answer is written; with no handler
 * it stays `pending`. `RequestResponse` (the default) awaits the handler and answers its result in
 * Result.RetMsg (JSON), or its error in Result.ErrMsg; with no handler it is FailedOperation.InvokeFunction.
 */
export async function invoke(params: unknown, ctx: ActionContext): Promise<Record<string, unknown>> {
  const input = parseParams(InvokeParams, params, SCF_TYPE_ERROR);
  const type = input.InvocationType;
  if (type !== 'Event' && type !== 'RequestResponse') throw new ApiError('InvalidParameterValue', 'InvocationType is Event or RequestResponse');
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (!KNOWN_QUALIFIERS.includes(input.Qualifier)) throw new ApiError('ResourceNotFound.Qualifier', `no version or alias \`${input.Qualifier}\``);
  const text = input.ClientContext ?? '{}';
  const bytes = Buffer.byteLength(text, 'utf8');
  // Invoke lists no code of its own for an oversized event; InvokeFunction's is InvalidParameter.RequestTooLarge.
  if (bytes > MAX_EVENT_BYTES[type]) {
    throw new ApiError('InvalidParameter.RequestTooLarge', `ClientContext is ${bytes} bytes; a ${type} invocation takes at most ${MAX_EVENT_BYTES[type]}`);
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new ApiError('InvalidParameterValue.Param', 'ClientContext is not JSON (入参不是标准的json)');
  }
  requireStatus(fn, USABLE, 'FailedOperation.FunctionStatusError');
  const record: InvocationRecord = {
    id: randomUUID(),
    time: new Date(ctx.now).toISOString(),
    functionName: fn.name,
    namespace: fn.namespace,
    qualifier: input.Qualifier,
    type,
    eventBytes: bytes,
    status: 'pending',
    error: null,
  };
  const invocations = ctx.state.scf.invocations;
  invocations.push(record);
  if (invocations.length > MAX_INVOCATIONS) invocations.splice(0, invocations.length - MAX_INVOCATIONS);
  const invocation: Invocation = { functionName: fn.name, namespace: fn.namespace, qualifier: input.Qualifier, event, type };
  const handler = ctx.invoker.handler;
  if (type === 'Event') {
    if (handler !== null) ctx.afterResponse(() => void ctx.invoker.run(handler, record, invocation).catch(() => undefined));
    return { Result: { FunctionRequestId: record.id } };
  }
  if (handler === null) {
    record.status = 'failed';
    record.error = 'no onInvoke handler is registered with the emulator';
    throw new ApiError('FailedOperation.InvokeFunction', `${record.error}, so it cannot run \`${fn.name}\``);
  }
  const started = Date.now();
  let retMsg = '';
  let errMsg = '';
  try {
    const result = await ctx.invoker.run(handler, record, invocation);
    // The function's return value, serialised as JSON (how RetMsg renders a non-JSON value is UNCONFIRMED).
    retMsg = JSON.stringify(result === undefined ? null : result);
  } catch (error) {
    errMsg = error instanceof Error ? error.message : String(error);
  }
  const duration = Date.now() - started;
  return {
    Result: {
      Log: '',
      RetMsg: retMsg,
      ErrMsg: errMsg,
      MemUsage: 0,
      Duration: duration,
      BillDuration: Math.max(1, duration),
      FunctionRequestId: record.id,
      InvokeResult: errMsg === '' ? 0 : -1,
    },
  };
}
