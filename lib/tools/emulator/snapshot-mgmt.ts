import type { InvocationRecord } from './invoke-dispatch';
import type { EmulatorState } from './state';

/** What `GET /_emulator/state` shows of SCF and CAM. Environment values are shown: they are names, not secrets. */
export interface ManagementSnapshot {
  readonly functions: readonly {
    readonly name: string;
    readonly namespace: string;
    readonly functionId: string;
    readonly status: string;
    readonly statusReason: string | null;
    readonly runtime: string;
    readonly handler: string;
    readonly memorySize: number;
    readonly timeout: number;
    readonly type: string;
    readonly asyncRunEnable: string;
    readonly description: string;
    readonly role: string;
    readonly environment: Readonly<Record<string, string>>;
    readonly codeSize: number;
    readonly codeSha256: string;
    readonly reservedMem: number | null;
    readonly asyncRetry: { readonly retryNums: readonly number[]; readonly msgTtl: number };
    readonly triggers: readonly {
      readonly name: string;
      readonly type: string;
      readonly qualifier: string;
      readonly enabled: boolean;
      readonly desc: string;
      /** An http trigger's public URL (or its private one when only that is enabled). */
      readonly url: string | null;
    }[];
  }[];
  readonly invocations: readonly InvocationRecord[];
  readonly roles: readonly { readonly name: string; readonly roleId: string; readonly trustPolicy: string; readonly policies: readonly string[] }[];
  readonly policies: readonly { readonly id: number; readonly name: string; readonly preset: boolean; readonly document: string }[];
}

export function snapshotManagement(state: EmulatorState): ManagementSnapshot {
  const { scf, cam } = state;
  return {
    functions: [...scf.functions.values()].map((fn) => ({
      name: fn.name,
      namespace: fn.namespace,
      functionId: fn.functionId,
      status: fn.status,
      statusReason: fn.statusReason,
      runtime: fn.runtime,
      handler: fn.handler,
      memorySize: fn.memorySize,
      timeout: fn.timeout,
      type: fn.type,
      asyncRunEnable: fn.asyncRunEnable,
      description: fn.description,
      role: fn.role,
      environment: Object.fromEntries(fn.environment.map((e) => [e.Key, e.Value])),
      codeSize: fn.code.size,
      codeSha256: fn.code.sha256,
      reservedMem: fn.reservedMem,
      asyncRetry: { retryNums: [...fn.asyncRetry.retryNums], msgTtl: fn.asyncRetry.msgTtl },
      triggers: fn.triggers.map((t) => ({ name: t.name, type: t.type, qualifier: t.qualifier, enabled: t.enable === 1, desc: t.desc, url: urlOf(t.desc) })),
    })),
    invocations: scf.invocations.map((i) => ({ ...i })),
    roles: [...cam.roles.values()].map((role) => ({
      name: role.name,
      roleId: role.roleId,
      trustPolicy: role.trustPolicy,
      policies: [...role.attached.keys()].map((id) => cam.policies.get(id)?.name ?? String(id)),
    })),
    policies: [...cam.policies.values()].map((p) => ({ id: p.id, name: p.name, preset: p.type === 2, document: p.document })),
  };
}

function urlOf(desc: string): string | null {
  try {
    const net = (JSON.parse(desc) as { NetConfig?: { ExtranetUrl?: unknown; IntranetUrl?: unknown } }).NetConfig;
    const url = net?.ExtranetUrl ?? net?.IntranetUrl;
    return typeof url === 'string' ? url : null;
  } catch {
    return null;
  }
}
