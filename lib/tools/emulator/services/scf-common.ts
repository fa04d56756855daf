import * as v from 'valibot';
import { ApiError } from '../api-error';
import type { Refusal } from '../rules/scf-rules';
import type { ActionContext } from '../service';
import type { FunctionRecord, FunctionStatus, TriggerRecord } from '../state';
import { tcTime } from '../tc-time';

/** SCF reports a wrong parameter type or value as InvalidParameterValue (tencentcloud-sdk-go scf errors.go). */
export const SCF_TYPE_ERROR = 'InvalidParameterValue';

/** `Namespace`: "默认为default" on every action. */
export const NamespaceParam = v.optional(v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')), 'default');
export const TrueFalse = v.picklist(['TRUE', 'FALSE'], 'must be the string "TRUE" or "FALSE"');
/** `Environment.Variables`: `[{Key, Value}]`. */
export const EnvironmentParam = v.optional(
  v.strictObject({
    Variables: v.optional(
      v.array(v.strictObject({ Key: v.optional(v.string(), ''), Value: v.optional(v.string(), '') }), 'must be a list of {Key, Value}'),
      [],
    ),
  }),
);

/** Statuses in which a function takes updates, triggers and invocations (a failed update leaves the old code running). */
export const USABLE: readonly FunctionStatus[] = ['Active', 'UpdateFailed'];
/** Settled statuses: anything but Creating, Updating and Deleting. */
export const SETTLED: readonly FunctionStatus[] = ['Active', 'CreateFailed', 'UpdateFailed', 'DeleteFailed'];

export function throwIf(refusal: Refusal | null): void {
  if (refusal !== null) throw new ApiError(refusal.code, refusal.message);
}

/** The function, or `ResourceNotFound.Function` ("函数不存在", the code SCF lists on every action for a missing function). */
export function requireFunction(ctx: ActionContext, namespace: string, name: string): FunctionRecord {
  const fn = ctx.state.scf.fn(namespace, name);
  if (fn === undefined) throw new ApiError('ResourceNotFound.Function', `the function \`${name}\` does not exist in namespace \`${namespace}\``);
  return fn;
}

/**
 * Refuses a call on a function whose status does not allow it: management APIs are asynchronous and a
 * caller must wait for the status to settle (doc api/583/115197). `code` is the action's own busy code.
 */
export function requireStatus(fn: FunctionRecord, allowed: readonly FunctionStatus[], code: string): void {
  if (allowed.includes(fn.status)) return;
  throw new ApiError(code, `the function \`${fn.name}\` is ${fn.status}; try again when it is ${allowed.join(' or ')}`);
}

/** The qualifiers the emulator knows: versions and aliases are not emulated beyond `$LATEST` and its `$DEFAULT` alias. */
export const KNOWN_QUALIFIERS: readonly string[] = ['$LATEST', '$DEFAULT'];

/** A trigger as GetFunction.Triggers and CreateTrigger.TriggerInfo show it (SDK model `Trigger`). */
export function triggerView(t: TriggerRecord): Record<string, unknown> {
  return {
    ModTime: tcTime(t.modTime),
    Type: t.type,
    TriggerDesc: t.desc,
    TriggerName: t.name,
    AddTime: tcTime(t.addTime),
    Enable: t.enable,
    CustomArgument: t.customArgument,
    AvailableStatus: 'Available',
    ResourceId: '',
    BindStatus: '',
    TriggerAttribute: '',
    Qualifier: t.qualifier,
    Description: t.description,
  };
}

/** A trigger as ListTriggers shows it (SDK model `TriggerInfo`). */
export function triggerInfoView(t: TriggerRecord): Record<string, unknown> {
  const { ModTime, Type, TriggerDesc, TriggerName, AddTime, Enable, CustomArgument, Qualifier, Description } = triggerView(t);
  return { Enable, Qualifier, TriggerName, Type, TriggerDesc, AvailableStatus: 'Available', CustomArgument, AddTime, ModTime, Description, BoundResources: '' };
}

/** A function as ListFunctions shows it (SDK model `Function`). */
export function functionSummary(fn: FunctionRecord): Record<string, unknown> {
  return {
    ModTime: tcTime(fn.modTime),
    AddTime: tcTime(fn.addTime),
    Runtime: fn.runtime,
    FunctionName: fn.name,
    FunctionId: fn.functionId,
    Namespace: fn.namespace,
    Status: fn.status,
    StatusDesc: fn.statusReason ?? '',
    Description: fn.description,
    Tags: [],
    Type: fn.type,
    StatusReasons: statusReasons(fn),
    TotalProvisionedConcurrencyMem: 0,
    ReservedConcurrencyMem: fn.reservedMem ?? 0,
    AsyncRunEnable: fn.asyncRunEnable,
    TraceEnable: fn.traceEnable,
  };
}

/** GetFunction's answer (SDK model `GetFunctionResponse`, the fields the emulator keeps). */
export function functionDetail(fn: FunctionRecord): Record<string, unknown> {
  return {
    ...functionSummary(fn),
    Handler: fn.handler,
    CodeSize: fn.code.size,
    Timeout: fn.timeout,
    InitTimeout: fn.initTimeout,
    FunctionVersion: '$LATEST',
    Qualifier: '$LATEST',
    MemorySize: fn.memorySize,
    Environment: { Variables: fn.environment.map((e) => ({ ...e })) },
    Role: fn.role,
    InstallDependency: 'FALSE',
    ClsLogsetId: '',
    ClsTopicId: '',
    Triggers: fn.triggers.map(triggerView),
    AvailableStatus: 'Available',
    CodeInfo: '',
    CodeResult: fn.status === 'CreateFailed' ? 'failed' : 'success',
    CodeError: '',
    ErrNo: 0,
  };
}

function statusReasons(fn: FunctionRecord): { ErrorCode: string; ErrorMessage: string }[] {
  return fn.statusReason === null ? [] : [{ ErrorCode: fn.status, ErrorMessage: fn.statusReason }];
}

/** Sorts by a key, then by creation order; DESC reverses both. */
export function sortBy<T extends { readonly seq?: number }>(items: T[], key: (item: T) => string | number, order: 'ASC' | 'DESC'): T[] {
  const sign = order === 'ASC' ? 1 : -1;
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return sign * (ka < kb ? -1 : ka > kb ? 1 : (a.seq ?? 0) - (b.seq ?? 0));
  });
}
