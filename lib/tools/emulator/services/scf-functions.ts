import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import {
  descriptionRefusal,
  environmentRefusal,
  functionNameRefusal,
  handlerRefusal,
  memoryRefusal,
  readZipFile,
  runtimeRefusal,
  timeoutRefusal,
} from '../rules/scf-rules';
import type { ActionContext } from '../service';
import { DEFAULT_ASYNC_RETRY, type EnvironmentVariable, newFunctionId } from '../stores/scf-store';
import { EnvironmentParam, NamespaceParam, requireFunction, requireStatus, SCF_TYPE_ERROR, SETTLED, throwIf, USABLE } from './scf-common';

/**
 * SCF 2018-04-16 CreateFunction, UpdateFunctionCode, UpdateFunctionConfiguration and DeleteFunction
 * (parameters from tencentcloud-sdk-nodejs `scf/v20180416/scf_models.d.ts`, errors from tencentcloud-sdk-go
 * `scf/v20180416/client.go`). Each answers at once and leaves the function Creating / Updating / Deleting
 * for the seed's `scfSettleMs` (doc api/583/115197: "由于接口异步，首先需要查询函数当前状态").
 */

const Str = v.string('must be a string');
const Num = v.number('must be a number');
/** Accepted and not emulated. */
const Ignored = v.optional(v.unknown());
const CodeParam = v.object({
  ZipFile: v.optional(Str),
  CosBucketName: v.optional(Str),
  CosObjectName: v.optional(Str),
  CosBucketRegion: v.optional(Str),
  DemoId: v.optional(Str),
  TempCosObjectName: v.optional(Str),
  GitUrl: v.optional(Str),
  ImageConfig: Ignored,
});
type Code = v.InferOutput<typeof CodeParam>;

const CreateFunctionParams = v.object({
  FunctionName: Str,
  Code: CodeParam,
  Handler: v.optional(Str),
  Description: v.optional(Str),
  MemorySize: v.optional(Num),
  Timeout: v.optional(Num),
  Environment: EnvironmentParam,
  Runtime: v.optional(Str),
  VpcConfig: Ignored,
  Namespace: NamespaceParam,
  Role: v.optional(Str),
  InstallDependency: Ignored,
  ClsLogsetId: v.optional(Str),
  ClsTopicId: v.optional(Str),
  Type: v.optional(Str),
  CodeSource: v.optional(Str),
  Layers: Ignored,
  DeadLetterConfig: Ignored,
  PublicNetConfig: Ignored,
  CfsConfig: Ignored,
  InitTimeout: v.optional(Num),
  Tags: Ignored,
  AsyncRunEnable: v.optional(Str),
  TraceEnable: v.optional(Str),
  AutoDeployClsTopicIndex: Ignored,
  AutoCreateClsTopic: Ignored,
  ProtocolType: Ignored,
  ProtocolParams: Ignored,
  InstanceConcurrencyConfig: Ignored,
  DnsCache: Ignored,
  IntranetConfig: Ignored,
});

/** "每个命名空间的函数数量 50" (doc 583/11637). */
const MAX_FUNCTIONS_PER_NAMESPACE = 50;

export function createFunction(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(CreateFunctionParams, params, SCF_TYPE_ERROR);
  throwIf(functionNameRefusal(input.FunctionName, input.Namespace));
  if (ctx.state.scf.fn(input.Namespace, input.FunctionName) !== undefined) {
    throw new ApiError('ResourceInUse.Function', `the function \`${input.FunctionName}\` already exists in namespace \`${input.Namespace}\``);
  }
  const inNamespace = [...ctx.state.scf.functions.values()].filter((f) => f.namespace === input.Namespace).length;
  if (inNamespace >= MAX_FUNCTIONS_PER_NAMESPACE) {
    throw new ApiError('LimitExceeded.Function', `namespace \`${input.Namespace}\` already holds ${MAX_FUNCTIONS_PER_NAMESPACE} functions`);
  }
  const runtime = input.Runtime ?? 'Python2.7';
  const handler = input.Handler ?? 'index.main_handler';
  const type = input.Type ?? 'Event';
  if (type !== 'Event' && type !== 'HTTP') throw new ApiError('InvalidParameterValue.Type', 'Type is Event or HTTP');
  const asyncRunEnable = flag(input.AsyncRunEnable, 'InvalidParameterValue.AsyncRunEnable', 'AsyncRunEnable');
  const traceEnable = flag(input.TraceEnable, 'InvalidParameterValue.TraceEnable', 'TraceEnable');
  throwIf(runtimeRefusal(runtime));
  if (type === 'Event') throwIf(handlerRefusal(runtime, handler));
  checkConfiguration(ctx, input);
  const code = readCode(input.Code);
  ctx.state.scf.add({
    name: input.FunctionName,
    namespace: input.Namespace,
    functionId: newFunctionId(),
    seq: ctx.state.scf.nextSeq(),
    runtime,
    type,
    asyncRunEnable,
    traceEnable,
    handler,
    memorySize: input.MemorySize ?? 128,
    timeout: input.Timeout ?? 3,
    initTimeout: input.InitTimeout ?? 65,
    description: input.Description ?? '',
    role: input.Role ?? '',
    environment: input.Environment?.Variables ?? [],
    code,
    status: 'Creating',
    statusReason: null,
    settlesAt: ctx.now + ctx.state.scf.settleMs,
    addTime: ctx.now,
    modTime: ctx.now,
    triggers: [],
    reservedMem: null,
    asyncRetry: { retryNums: [...DEFAULT_ASYNC_RETRY.retryNums], msgTtl: DEFAULT_ASYNC_RETRY.msgTtl },
  });
  return {};
}

const UpdateFunctionCodeParams = v.object({
  FunctionName: Str,
  Handler: v.optional(Str),
  CosBucketName: v.optional(Str),
  CosObjectName: v.optional(Str),
  ZipFile: v.optional(Str),
  Namespace: NamespaceParam,
  CosBucketRegion: v.optional(Str),
  InstallDependency: Ignored,
  EnvId: Ignored,
  Publish: Ignored,
  Code: v.optional(CodeParam),
  CodeSource: v.optional(Str),
});

/** UpdateFunctionCode: a new zip (top-level `ZipFile`, "最大支持20M", or `Code.ZipFile`) and optionally a new Handler. */
export function updateFunctionCode(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(UpdateFunctionCodeParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  requireStatus(fn, USABLE, 'FailedOperation.FunctionStatusError');
  if (input.Handler !== undefined && fn.type === 'Event') throwIf(handlerRefusal(fn.runtime, input.Handler));
  const top = { ZipFile: input.ZipFile, CosBucketName: input.CosBucketName, CosObjectName: input.CosObjectName, CosBucketRegion: input.CosBucketRegion };
  const given = Object.values(top).some((value) => value !== undefined);
  if (given && input.Code !== undefined) throw new ApiError('InvalidParameterValue.Code', 'give the code either in Code or in the top-level fields, not both');
  fn.code = readCode(input.Code ?? top, 'InvalidParameterValue.Code');
  if (input.Handler !== undefined) fn.handler = input.Handler;
  ctx.state.scf.begin(fn, 'Updating', ctx.now);
  return {};
}

const UpdateFunctionConfigurationParams = v.object({
  FunctionName: Str,
  Description: v.optional(Str),
  MemorySize: v.optional(Num),
  Timeout: v.optional(Num),
  Runtime: v.optional(Str),
  Environment: EnvironmentParam,
  Namespace: NamespaceParam,
  VpcConfig: Ignored,
  Role: v.optional(Str),
  InstallDependency: Ignored,
  ClsLogsetId: v.optional(Str),
  ClsTopicId: v.optional(Str),
  Publish: Ignored,
  L5Enable: Ignored,
  Layers: Ignored,
  DeadLetterConfig: Ignored,
  PublicNetConfig: Ignored,
  CfsConfig: Ignored,
  InitTimeout: v.optional(Num),
  ProtocolParams: Ignored,
  InstanceConcurrencyConfig: Ignored,
  DnsCache: Ignored,
  IntranetConfig: Ignored,
  IgnoreSysLog: Ignored,
});

/**
 * UpdateFunctionConfiguration: what is given replaces what was (Environment as a whole). It has no
 * AsyncRunEnable, Handler, Type or Code, and Runtime "目前不支持修改". `Environment: {Variables: [{Key: '',
 * Value: ''}]}` empties the variables (the Serverless toolkit's way; official confirmation UNCONFIRMED).
 */
export function updateFunctionConfiguration(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(UpdateFunctionConfigurationParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  // Its error list has no FunctionStatusError; FailedOperation.UpdateFunctionConfiguration is its busy answer.
  requireStatus(fn, USABLE, 'FailedOperation.UpdateFunctionConfiguration');
  if (input.Runtime !== undefined && input.Runtime !== fn.runtime) {
    throw new ApiError('InvalidParameterValue.Runtime', `the runtime is set at creation (${fn.runtime}) and cannot be changed`);
  }
  const variables = input.Environment?.Variables;
  const clearing = variables?.length === 1 && variables[0]?.Key === '' && variables[0]?.Value === '';
  checkConfiguration(ctx, { ...input, Environment: clearing ? undefined : input.Environment });
  if (input.Description !== undefined) fn.description = input.Description;
  if (input.MemorySize !== undefined) fn.memorySize = input.MemorySize;
  if (input.Timeout !== undefined) fn.timeout = input.Timeout;
  if (input.InitTimeout !== undefined) fn.initTimeout = input.InitTimeout;
  if (input.Role !== undefined) fn.role = input.Role;
  if (variables !== undefined) fn.environment = clearing ? [] : variables;
  ctx.state.scf.begin(fn, 'Updating', ctx.now);
  return {};
}

const DeleteFunctionParams = v.object({ FunctionName: Str, Namespace: NamespaceParam, Qualifier: v.optional(Str) });

/** DeleteFunction: the function is Deleting, then gone (GetFunction answers ResourceNotFound.Function). */
export function deleteFunction(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(DeleteFunctionParams, params, SCF_TYPE_ERROR);
  const fn = requireFunction(ctx, input.Namespace, input.FunctionName);
  if (input.Qualifier !== undefined && input.Qualifier !== '$LATEST') {
    throw new ApiError('ResourceNotFound.Qualifier', `the emulator has no version \`${input.Qualifier}\` (versions are not emulated)`);
  }
  requireStatus(fn, SETTLED, 'FailedOperation.FunctionStatusError');
  ctx.state.scf.begin(fn, 'Deleting', ctx.now);
  return {};
}

/** The checks CreateFunction and UpdateFunctionConfiguration share. */
function checkConfiguration(
  ctx: ActionContext,
  input: {
    MemorySize?: number | undefined;
    Timeout?: number | undefined;
    InitTimeout?: number | undefined;
    Description?: string | undefined;
    Role?: string | undefined;
    Environment?: { Variables: EnvironmentVariable[] } | undefined;
  },
): void {
  if (input.MemorySize !== undefined) throwIf(memoryRefusal(input.MemorySize));
  if (input.Timeout !== undefined) throwIf(timeoutRefusal(input.Timeout));
  if (input.InitTimeout !== undefined && (!Number.isInteger(input.InitTimeout) || input.InitTimeout < 1)) {
    throw new ApiError('InvalidParameterValue', 'InitTimeout must be a whole number of seconds');
  }
  if (input.Description !== undefined) throwIf(descriptionRefusal(input.Description));
  if (input.Environment !== undefined) throwIf(environmentRefusal(input.Environment.Variables));
  // Role names a CAM role ("函数绑定的角色"); a missing one is ResourceNotFound.Role ("角色不存在").
  if (input.Role !== undefined && input.Role !== '' && !ctx.state.cam.roles.has(input.Role)) {
    throw new ApiError('ResourceNotFound.Role', `the role \`${input.Role}\` does not exist in CAM`);
  }
}

/** A `TRUE` / `FALSE` flag, FALSE by default. */
function flag(value: string | undefined, code: string, name: string): 'TRUE' | 'FALSE' {
  if (value === undefined || value === 'FALSE' || value === 'TRUE') return value ?? 'FALSE';
  throw new ApiError(code, `${name} is TRUE or FALSE`);
}

/** Exactly one code source ("不能同时指定Cos、ZipFile或 DemoId"); only ZipFile is emulated. */
function readCode(code: Partial<Code>, missingCode = 'MissingParameter.Code'): { size: number; sha256: string } {
  const cos = [code.CosBucketName, code.CosObjectName, code.CosBucketRegion, code.TempCosObjectName].some((f) => f !== undefined);
  const sources = [code.ZipFile !== undefined, cos, code.DemoId !== undefined, code.GitUrl !== undefined, code.ImageConfig !== undefined].filter(Boolean);
  if (sources.length === 0) throw new ApiError(missingCode, 'no code given (Code.ZipFile)');
  if (sources.length > 1) throw new ApiError('InvalidParameterValue.Code', 'give one code source: ZipFile, COS, DemoId, Git or an image');
  if (code.ZipFile === undefined) throw new ApiError('UnsupportedOperation', 'the emulator takes function code as ZipFile only');
  const zip = readZipFile(code.ZipFile);
  if ('code' in zip) throw new ApiError(zip.code, zip.message);
  return zip;
}
