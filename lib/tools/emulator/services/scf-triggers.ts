import * as v from 'valibot';
import { ApiError } from '../api-error';
import { FiltersParam, PagingParams, parseParams } from '../params';
import { CKAFKA_UPDATABLE, parseObject, readBackDesc, TRIGGER_NAME, timerDesc } from '../rules/scf-trigger-desc';
import type { ActionContext } from '../service';
import type { TriggerRecord } from '../state';
import { newUrlId } from '../stores/scf-store';
import { KNOWN_QUALIFIERS, NamespaceParam, requireFunction, requireStatus, SCF_TYPE_ERROR, sortBy, triggerInfoView, triggerView, USABLE } from './scf-common';

/**
 * SCF 2018-04-16 CreateTrigger, UpdateTrigger, DeleteTrigger and ListTriggers (tencentcloud-sdk-nodejs
 * `scf/v20180416/scf_models.d.ts`; TriggerDesc per doc 583/39901; errors from tencentcloud-sdk-go
 * `scf/v20180416/client.go`). Timer, CKafka and http (function URL, doc 583/100227) triggers are emulated.
 */

const Str = v.string('must be a string');
/** "同一函数下，同一类型的触发器最多 10 个" (doc 583/11637). */
const MAX_TRIGGERS_PER_TYPE = 10;
/** Types the real API still creates but the emulator does not. */
const NOT_EMULATED = ['cos', 'cls', 'cmq', 'mps', 'clb', 'eb', 'cdn'];

const CreateTriggerParams = v.object({
  FunctionName: Str,
  TriggerName: Str,
  Type: Str,
  TriggerDesc: v.optional(Str),
  Namespace: NamespaceParam,
  Qualifier: v.optional(Str, '$LATEST'),
  Enable: v.optional(Str),
  CustomArgument: v.optional(Str),
  Description: v.optional(Str),
});

/**
 * CreateTrigger. `apigw` is refused: API Gateway triggers cannot be created since 2024-07-01 (doc
 * 583/107631); use an http trigger (a function URL) instead. An http trigger reads back with its URL,
 * `https://<appid>-<urlid>.<region>.tencentscf.com` (doc 583/96099), in TriggerDesc.NetConfig.ExtranetUrl.
 */
export function createTrigger(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(CreateTriggerParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (input.Type === 'apigw') {
    throw new ApiError(
      'UnsupportedOperation.Trigger',
      'API Gateway triggers can no longer be created (since 2024-07-01); create an http trigger (function URL)',
    );
  }
  if (NOT_EMULATED.includes(input.Type)) throw new ApiError('UnsupportedOperation', `the emulator does not emulate ${input.Type} triggers`);
  if (!['timer', 'ckafka', 'http'].includes(input.Type)) throw new ApiError('InvalidParameterValue.Type', `unknown trigger type \`${input.Type}\``);
  if (!TRIGGER_NAME.test(input.TriggerName)) {
    throw new ApiError('InvalidParameterValue.TriggerName', 'TriggerName is 1-100 letters, digits, - or _');
  }
  if (!KNOWN_QUALIFIERS.includes(input.Qualifier)) throw new ApiError('ResourceNotFound.Qualifier', `no version or alias \`${input.Qualifier}\``);
  const enable = enableOf(input.Enable) ?? 1;
  if (input.CustomArgument !== undefined && input.Type !== 'timer') {
    throw new ApiError('InvalidParameterValue.CustomArgument', 'CustomArgument is for timer triggers only');
  }
  requireStatus(fn, USABLE, 'FailedOperation.CreateTrigger');
  if (fn.triggers.some((t) => t.name === input.TriggerName)) {
    throw new ApiError('ResourceInUse.Trigger', `the function already has a trigger named \`${input.TriggerName}\``);
  }
  if (fn.triggers.filter((t) => t.type === input.Type).length >= MAX_TRIGGERS_PER_TYPE) {
    throw new ApiError('LimitExceeded.Trigger', `the function already has ${MAX_TRIGGERS_PER_TYPE} ${input.Type} triggers`);
  }
  // "每一个别名或者版本仅允许创建一个 URL" (doc 583/100227).
  if (input.Type === 'http' && fn.triggers.some((t) => t.type === 'http' && t.qualifier === input.Qualifier)) {
    throw new ApiError('ResourceInUse.Trigger', `${input.Qualifier} already has a function URL`);
  }
  if (input.TriggerDesc === undefined) throw new ApiError('InvalidParameterValue.TriggerDesc', `a ${input.Type} trigger needs TriggerDesc`);
  const where = { appId: ctx.state.scf.appId, urlId: newUrlId(), region: ctx.region ?? 'ap-guangzhou' };
  const desc = readBackDesc(input.Type, input.TriggerDesc, where);
  if (typeof desc !== 'string') throw new ApiError(desc.code, desc.message);
  const trigger: TriggerRecord = {
    name: input.TriggerName,
    type: input.Type,
    qualifier: input.Qualifier,
    desc,
    enable,
    customArgument: input.CustomArgument ?? '',
    description: input.Description ?? '',
    addTime: ctx.now,
    modTime: ctx.now,
  };
  fn.triggers.push(trigger);
  return { TriggerInfo: triggerView(trigger) };
}

const UpdateTriggerParams = v.object({
  FunctionName: Str,
  TriggerName: Str,
  Type: Str,
  Enable: v.optional(Str),
  Qualifier: v.optional(Str),
  Namespace: NamespaceParam,
  TriggerDesc: v.optional(Str),
  Description: v.optional(Str),
  CustomArgument: v.optional(Str),
});

/**
 * UpdateTrigger, "目前只支持timer触发器和ckafka触发器更新" (doc api/583/96828): Enable, TriggerDesc (a timer's
 * cron; a CKafka trigger's maxMsgNum, retry, timeOut), Description, CustomArgument; what is not given stays.
 * Its error codes are not listed anywhere the emulator's author found (UNCONFIRMED).
 */
export function updateTrigger(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(UpdateTriggerParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (input.Type !== 'timer' && input.Type !== 'ckafka')
    throw new ApiError('UnsupportedOperation.Trigger', 'UpdateTrigger updates timer and ckafka triggers only');
  const trigger = findTrigger(fn.triggers, input.TriggerName, input.Type, input.Qualifier);
  requireStatus(fn, USABLE, 'FailedOperation.FunctionStatusError');
  const enable = enableOf(input.Enable);
  let desc = trigger.desc;
  if (input.TriggerDesc !== undefined) {
    const next = input.Type === 'timer' ? timerDesc(input.TriggerDesc) : mergeCkafka(trigger.desc, input.TriggerDesc);
    if (typeof next !== 'string') throw new ApiError(next.code, next.message);
    desc = next;
  }
  if (input.CustomArgument !== undefined && input.Type !== 'timer')
    throw new ApiError('InvalidParameterValue.CustomArgument', 'CustomArgument is for timer triggers only');
  trigger.desc = desc;
  if (enable !== undefined) trigger.enable = enable;
  if (input.Description !== undefined) trigger.description = input.Description;
  if (input.CustomArgument !== undefined) trigger.customArgument = input.CustomArgument;
  trigger.modTime = ctx.now;
  return {};
}

const DeleteTriggerParams = v.object({
  FunctionName: Str,
  TriggerName: Str,
  Type: Str,
  Namespace: NamespaceParam,
  TriggerDesc: v.optional(Str),
  Qualifier: v.optional(Str),
});

/** DeleteTrigger (timer, ckafka, apigw, cls, cos, cmq, http): a legacy API Gateway trigger can be removed. */
export function deleteTrigger(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(DeleteTriggerParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  const trigger = findTrigger(fn.triggers, input.TriggerName, input.Type, input.Qualifier);
  requireStatus(fn, USABLE, 'FailedOperation.DeleteTrigger');
  fn.triggers = fn.triggers.filter((t) => t !== trigger);
  return {};
}

const ListTriggersParams = v.object({
  FunctionName: Str,
  Namespace: NamespaceParam,
  ...PagingParams,
  OrderBy: v.optional(Str),
  Order: v.optional(Str),
  Filters: FiltersParam,
});
const TRIGGER_FILTERS: Record<string, (t: TriggerRecord) => string> = {
  Qualifier: (t) => t.qualifier,
  TriggerName: (t) => t.name,
  Description: (t) => t.description,
};

/** ListTriggers: Offset/Limit 0/20, OrderBy add_time|mod_time (mod_time), Order ASC|DESC (DESC), Filters Qualifier, TriggerName, Description. */
export function listTriggers(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ListTriggersParams, params, SCF_TYPE_ERROR);
  // ListTriggers lists no code for a missing function (UNCONFIRMED); the emulator answers as GetFunction does.
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  const orderBy = input.OrderBy ?? 'mod_time';
  if (orderBy !== 'add_time' && orderBy !== 'mod_time') throw new ApiError('InvalidParameterValue.OrderBy', 'OrderBy is add_time or mod_time');
  const order = input.Order ?? 'DESC';
  if (order !== 'ASC' && order !== 'DESC') throw new ApiError('InvalidParameterValue.Order', 'Order is ASC or DESC');
  const filters = input.Filters ?? [];
  const unknown = filters.find((f) => TRIGGER_FILTERS[f.Name] === undefined);
  if (unknown !== undefined) throw new ApiError('InvalidParameterValue.Filters', `filter on Qualifier, TriggerName or Description, not ${unknown.Name}`);
  const matches = fn.triggers.map((t, seq) => ({ t, seq })).filter(({ t }) => filters.every((f) => f.Values.includes(TRIGGER_FILTERS[f.Name]?.(t) ?? '')));
  const sorted = sortBy(matches, ({ t }) => (orderBy === 'add_time' ? t.addTime : t.modTime), order);
  const offset = input.Offset ?? 0;
  const page = sorted.slice(offset, offset + (input.Limit ?? 20));
  return { TotalCount: matches.length, Triggers: page.map(({ t }) => triggerInfoView(t)) };
}

/** `OPEN` / `CLOSE`, read back as 1 / 0. */
function enableOf(value: string | undefined): 0 | 1 | undefined {
  if (value === undefined) return undefined;
  if (value === 'OPEN' || value === 'CLOSE') return value === 'OPEN' ? 1 : 0;
  throw new ApiError('InvalidParameterValue.Enable', 'Enable is OPEN or CLOSE');
}

function findTrigger(triggers: readonly TriggerRecord[], name: string, type: string, qualifier: string | undefined): TriggerRecord {
  const trigger = triggers.find((t) => t.name === name && t.type === type && (qualifier === undefined || t.qualifier === qualifier));
  if (trigger === undefined) throw new ApiError('ResourceNotFound.Trigger', `the function has no ${type} trigger named \`${name}\``);
  return trigger;
}

/** A CKafka update: only maxMsgNum, retry and timeOut may change ("不传值表示原值不变，传值不能为空"). */
function mergeCkafka(current: string, update: string): string | { code: string; message: string } {
  const changes = parseObject(update);
  if (changes === null) return { code: 'InvalidParameterValue.TriggerDesc', message: 'a ckafka TriggerDesc is a JSON object' };
  const other = Object.keys(changes).find((key) => !CKAFKA_UPDATABLE.includes(key));
  if (other !== undefined) return { code: 'InvalidParameterValue.TriggerDesc', message: `UpdateTrigger changes ${CKAFKA_UPDATABLE.join(', ')}; not ${other}` };
  return readBackDesc('ckafka', JSON.stringify({ ...parseObject(current), ...changes }), { appId: 0, urlId: '', region: '' });
}
