/**
 * The deployed function as SCF shows it: GetFunction (configuration, status), ListTriggers (every
 * trigger, page by page) and GetFunctionAddress (CodeSha256, "函数的SHA256编码").
 */
import type { Trigger, TriggerInfo } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models';
import { type Cloud, errorCode } from './cloud';
import type { DeployedFunction, DeployedTrigger } from './state';

/** Whether a GetFunction error means "no such function": the toolkit treats both codes so (tencent-component-toolkit scf.ts). */
export const isMissingFunction = (e: unknown): boolean => ['ResourceNotFound.Function', 'ResourceNotFound.FunctionName'].includes(errorCode(e) ?? '');

const LIST_LIMIT = 100;

function triggerOf(t: Trigger | TriggerInfo): DeployedTrigger {
  const enable = (t as { Enable?: unknown }).Enable;
  return {
    type: t.Type ?? '',
    name: t.TriggerName ?? '',
    qualifier: t.Qualifier ?? '$LATEST',
    desc: t.TriggerDesc ?? '',
    // "OPEN"/"CLOSE" are sent, 1/0 read back (tencent-component-toolkit src/modules/triggers/timer.ts).
    enable: enable === 1 || enable === '1' || enable === true || enable === 'OPEN',
    customArgument: t.CustomArgument ?? '',
  };
}

export async function listTriggers(cloud: Cloud, name: string, namespace: string): Promise<DeployedTrigger[]> {
  const triggers: DeployedTrigger[] = [];
  for (let offset = 0; ; offset += LIST_LIMIT) {
    const page = await cloud.scf.ListTriggers({ FunctionName: name, Namespace: namespace, Offset: offset, Limit: LIST_LIMIT });
    triggers.push(...(page.Triggers ?? []).map(triggerOf));
    if ((page.Triggers ?? []).length < LIST_LIMIT || triggers.length >= (page.TotalCount ?? 0)) return triggers;
  }
}

/** The function's status and statusReason only (for polling); null when it does not exist. */
export async function functionStatus(cloud: Cloud, name: string, namespace: string): Promise<{ status: string; reason: string | null } | null> {
  try {
    const r = await cloud.scf.GetFunction({ FunctionName: name, Namespace: namespace });
    return { status: r.Status ?? '', reason: r.StatusReasons?.[0]?.ErrorMessage ?? (r.StatusDesc || null) };
  } catch (e) {
    if (isMissingFunction(e)) return null;
    throw e;
  }
}

/** The deployed function, or null when there is none. */
export async function readDeployed(cloud: Cloud, name: string, namespace: string): Promise<DeployedFunction | null> {
  let fn: Awaited<ReturnType<Cloud['scf']['GetFunction']>>;
  try {
    fn = await cloud.scf.GetFunction({ FunctionName: name, Namespace: namespace });
  } catch (e) {
    if (isMissingFunction(e)) return null;
    throw e;
  }
  let codeSha256: string | null = null;
  try {
    codeSha256 = (await cloud.scf.GetFunctionAddress({ FunctionName: name, Namespace: namespace })).CodeSha256 ?? null;
  } catch {
    // Unknown: the code is uploaded again, which is safe.
  }
  const environment: Record<string, string> = {};
  for (const variable of fn.Environment?.Variables ?? []) if (variable.Key) environment[variable.Key] = variable.Value ?? '';
  const publicNet = fn.PublicNetConfig?.PublicNetStatus;
  return {
    status: fn.Status ?? '',
    statusReason: fn.StatusReasons?.[0]?.ErrorMessage ?? (fn.StatusDesc || null),
    handler: fn.Handler ?? '',
    runtime: fn.Runtime ?? '',
    asyncRunEnable: fn.AsyncRunEnable === 'TRUE',
    config: {
      Description: fn.Description ?? '',
      MemorySize: Number(fn.MemorySize ?? 0),
      Timeout: Number(fn.Timeout ?? 0),
      InitTimeout: fn.InitTimeout === undefined ? null : Number(fn.InitTimeout),
      Role: fn.Role ?? '',
      Environment: environment,
      PublicNetStatus: publicNet === 'ENABLE' || publicNet === 'DISABLE' ? publicNet : null,
    },
    codeSha256,
    triggers: await listTriggers(cloud, name, namespace),
  };
}
