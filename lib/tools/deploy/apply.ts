/**
 * Carries out a plan with SCF's API. Management calls are asynchronous: after CreateFunction,
 * UpdateFunctionCode, UpdateFunctionConfiguration and DeleteFunction the function is Creating, Updating
 * or Deleting, and the next change waits until GetFunction says Active (or gone): "由于接口异步，首先需要
 * 查询函数当前状态，然后进行下一步操作" (doc api/583/115197).
 */
import type { CreateFunctionRequest, UpdateFunctionConfigurationRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models';
import { type Cloud, sleep } from './cloud';
import { DeployError } from './explain';
import type { Change } from './plan';
import { functionStatus } from './read-deployed';
import type { DesiredFunction, DesiredTrigger, FunctionConfig } from './state';

/** UpdateFunctionCode.ZipFile: "zip 文件的内容转成 base64 编码，最大支持20M" (scf_models.d.ts). */
export const MAX_ZIP_BASE64_BYTES = 20 * 1024 * 1024;

const WAITING = ['Creating', 'Updating', 'Publishing', 'Deleting'];
/** Polls start quickly and back off to 2 s; the emulator allows 20 GetFunction calls a second, SCF documents 20/s too. */
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 2000;
const WAIT_LIMIT_MS = 10 * 60_000;

export interface ApplyOptions {
  readonly cloud: Cloud;
  readonly wanted: DesiredFunction;
  readonly zipBase64: string;
  readonly progress: (line: string) => void;
}

/**
 * Waits until the function is settled: Active (true), gone (false), or fails with its status reason.
 * `before` (ahead of the first change): any settled status will do, since the plan was made for it (a
 * failed update leaves the old code running and takes the next one; a failed creation is recreated).
 */
async function settle(cloud: Cloud, wanted: DesiredFunction, progress: (line: string) => void, before = false): Promise<boolean> {
  const started = Date.now();
  let delay = FIRST_POLL_MS;
  let last = '';
  for (;;) {
    const state = await functionStatus(cloud, wanted.name, wanted.namespace);
    if (state === null) return false;
    if (state.status === 'Active' || (before && !WAITING.includes(state.status))) return true;
    if (!WAITING.includes(state.status)) {
      throw new DeployError(`function ${wanted.name} is ${state.status}${state.reason === null ? '' : `: ${state.reason}`}`);
    }
    if (state.status !== last) progress(`  … ${wanted.name} is ${state.status}`);
    last = state.status;
    if (Date.now() - started > WAIT_LIMIT_MS) throw new DeployError(`function ${wanted.name} is still ${state.status} after ${WAIT_LIMIT_MS / 60_000} minutes`);
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

const variables = (env: Readonly<Record<string, string>>) => {
  const list = Object.entries(env).map(([Key, Value]) => ({ Key, Value }));
  // An empty list leaves the old variables; one blank variable clears them (the toolkit's way, UNCONFIRMED officially).
  return list.length === 0 ? [{ Key: '', Value: '' }] : list;
};

function configurationRequest(wanted: DesiredFunction, config: FunctionConfig): UpdateFunctionConfigurationRequest {
  return {
    FunctionName: wanted.name,
    Namespace: wanted.namespace,
    Description: config.Description,
    MemorySize: config.MemorySize,
    Timeout: config.Timeout,
    ...(config.InitTimeout === null ? {} : { InitTimeout: config.InitTimeout }),
    ...(config.Role === '' ? {} : { Role: config.Role }),
    Environment: { Variables: variables(config.Environment) },
    ...(config.PublicNetStatus === null ? {} : { PublicNetConfig: { PublicNetStatus: config.PublicNetStatus, EipConfig: { EipStatus: 'DISABLE' } } }),
  };
}

function createRequest(wanted: DesiredFunction, zipBase64: string): CreateFunctionRequest {
  const { FunctionName, Namespace: _namespace, ...config } = configurationRequest(wanted, wanted.config);
  const env = Object.entries(wanted.config.Environment).map(([Key, Value]) => ({ Key, Value }));
  return {
    FunctionName,
    Namespace: wanted.namespace,
    ...config,
    Environment: { Variables: env },
    Code: { ZipFile: zipBase64 },
    CodeSource: 'ZipFile',
    Handler: wanted.handler,
    Runtime: wanted.runtime,
    Type: 'Event',
    AsyncRunEnable: wanted.asyncRunEnable ? 'TRUE' : 'FALSE',
  };
}

async function createTrigger(cloud: Cloud, wanted: DesiredFunction, t: DesiredTrigger): Promise<void> {
  await cloud.scf.CreateTrigger({
    FunctionName: wanted.name,
    Namespace: wanted.namespace,
    TriggerName: t.name,
    Type: t.type,
    TriggerDesc: t.desc,
    Qualifier: t.qualifier,
    Enable: t.enable ? 'OPEN' : 'CLOSE',
    ...(t.customArgument === null || t.customArgument === '' ? {} : { CustomArgument: t.customArgument }),
  });
}

async function deleteTrigger(cloud: Cloud, wanted: DesiredFunction, t: { type: string; name: string; qualifier: string }): Promise<void> {
  await cloud.scf.DeleteTrigger({ FunctionName: wanted.name, Namespace: wanted.namespace, TriggerName: t.name, Type: t.type, Qualifier: t.qualifier });
}

/** Makes one change, then waits for the function to settle when the change was to the function itself. */
async function applyChange(options: ApplyOptions, change: Change): Promise<void> {
  const { cloud, wanted, zipBase64, progress } = options;
  const fn = { FunctionName: wanted.name, Namespace: wanted.namespace };
  switch (change.kind) {
    case 'blocked':
      throw new DeployError(
        `${change.field} cannot change on a deployed function (${String(change.from)} → ${String(change.to)}): delete the function and deploy again`,
      );
    case 'recreate-function':
      await cloud.scf.DeleteFunction(fn);
      await settle(cloud, wanted, progress);
      await cloud.scf.CreateFunction(createRequest(wanted, zipBase64));
      break;
    case 'create-function':
      await cloud.scf.CreateFunction(createRequest(wanted, zipBase64));
      break;
    case 'update-code':
      await cloud.scf.UpdateFunctionCode({ ...fn, ZipFile: zipBase64, Handler: wanted.handler });
      break;
    case 'update-configuration':
      await cloud.scf.UpdateFunctionConfiguration(configurationRequest(wanted, wanted.config));
      break;
    case 'create-trigger':
      await createTrigger(cloud, wanted, change.trigger);
      return;
    case 'update-trigger': {
      const t = change.trigger;
      await cloud.scf.UpdateTrigger({
        ...fn,
        TriggerName: t.name,
        Type: t.type,
        Qualifier: t.qualifier,
        Enable: t.enable ? 'OPEN' : 'CLOSE',
        TriggerDesc: t.desc,
        ...(t.type === 'timer' ? { CustomArgument: t.customArgument ?? '' } : {}),
      });
      return;
    }
    case 'replace-trigger': {
      const current = {
        type: change.trigger.type,
        name: change.trigger.name,
        qualifier: String(change.fields.find((f) => f.field === 'qualifier')?.from ?? change.trigger.qualifier),
      };
      await deleteTrigger(cloud, wanted, current);
      await createTrigger(cloud, wanted, change.trigger);
      return;
    }
    case 'delete-trigger':
      await deleteTrigger(cloud, wanted, change.trigger);
      return;
  }
  if (!(await settle(cloud, wanted, progress))) throw new DeployError(`function ${wanted.name} disappeared while it was being deployed`);
}

/** Applies every change in order, saying each one on `progress` first. */
export async function applyPlan(options: ApplyOptions, changes: readonly Change[], describe: (change: Change) => string): Promise<void> {
  if (options.zipBase64.length > MAX_ZIP_BASE64_BYTES) {
    throw new DeployError(`the code package is ${(options.zipBase64.length / 1048576).toFixed(1)} MB in base64; UpdateFunctionCode takes at most 20 MB`);
  }
  // A function left Updating by an earlier, interrupted deploy takes no change until it settles.
  if (changes.some((c) => c.kind !== 'create-function')) await settle(options.cloud, options.wanted, options.progress, true);
  for (const change of changes) {
    options.progress(describe(change));
    await applyChange(options, change);
  }
}
