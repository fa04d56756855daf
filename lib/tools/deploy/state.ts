/**
 * The function as serverless.yml wants it (`desiredFunction`) and as SCF shows it (`DeployedFunction`,
 * read in read-deployed.ts), in one shape each, so plan.ts can compare them without the SDK.
 */
import type { CkafkaSpec, FunctionSpec, HttpSpec, TimerSpec } from './serverless-yml';

export type TriggerType = 'timer' | 'http' | 'ckafka';

/** The settings of a trigger that a deploy compares; the same keys on both sides. */
export type Fingerprint = Readonly<Record<string, string | number | boolean | null>>;

export interface DesiredTrigger {
  readonly type: TriggerType;
  readonly name: string;
  readonly qualifier: string;
  /** CreateTrigger's TriggerDesc (doc 583/39901): a timer's cron, JSON for the others. */
  readonly desc: string;
  readonly enable: boolean;
  /** A timer's CustomArgument (the event's Message); null for the others. */
  readonly customArgument: string | null;
  readonly fingerprint: Fingerprint;
}

export interface DeployedTrigger {
  readonly type: string;
  readonly name: string;
  readonly qualifier: string;
  /** TriggerDesc as read back (a timer's `{"cron":…}`, an http trigger's JSON with its URL). */
  readonly desc: string;
  readonly enable: boolean;
  readonly customArgument: string;
}

/** What UpdateFunctionConfiguration sets, and a deploy compares. */
export interface FunctionConfig {
  readonly Description: string;
  readonly MemorySize: number;
  readonly Timeout: number;
  /** null: not set in serverless.yml (SCF's default stays). */
  readonly InitTimeout: number | null;
  readonly Role: string;
  readonly Environment: Readonly<Record<string, string>>;
  /** PublicNetConfig.PublicNetStatus; null when the deployed function does not say. */
  readonly PublicNetStatus: 'ENABLE' | 'DISABLE' | null;
}

export interface DesiredFunction {
  readonly name: string;
  readonly namespace: string;
  readonly handler: string;
  readonly runtime: string;
  readonly asyncRunEnable: boolean;
  readonly config: FunctionConfig;
  /** SHA-256 of the zip, hex. */
  readonly codeSha256: string;
  readonly triggers: readonly DesiredTrigger[];
}

export interface DeployedFunction {
  readonly status: string;
  readonly statusReason: string | null;
  readonly handler: string;
  readonly runtime: string;
  readonly asyncRunEnable: boolean;
  readonly config: FunctionConfig;
  /** GetFunctionAddress' CodeSha256; null when it could not be read (the code is then uploaded). */
  readonly codeSha256: string | null;
  readonly triggers: readonly DeployedTrigger[];
}

function timerTrigger(t: TimerSpec): DesiredTrigger {
  return {
    type: 'timer',
    name: t.name,
    qualifier: t.qualifier,
    desc: t.cronExpression,
    enable: t.enable,
    customArgument: t.argument,
    fingerprint: { cron: t.cronExpression.trim(), argument: t.argument, enable: t.enable },
  };
}

function httpTrigger(h: HttpSpec): DesiredTrigger {
  return {
    type: 'http',
    name: h.name,
    qualifier: h.qualifier,
    // As tencent-component-toolkit src/modules/triggers/http.ts sends it (doc 583/100227).
    desc: JSON.stringify({ AuthType: h.authType, NetConfig: { EnableIntranet: h.enableIntranet, EnableExtranet: h.enableExtranet } }),
    enable: true,
    customArgument: null,
    fingerprint: { authType: h.authType, enableIntranet: h.enableIntranet, enableExtranet: h.enableExtranet },
  };
}

function ckafkaTrigger(c: CkafkaSpec): DesiredTrigger {
  const desc = {
    maxMsgNum: c.maxMsgNum,
    offset: c.offset,
    retry: c.retry,
    timeOut: c.timeOut,
    ...(c.consumerGroupName === null ? {} : { consumerGroupName: c.consumerGroupName }),
  };
  return {
    type: 'ckafka',
    name: c.name,
    qualifier: c.qualifier,
    desc: JSON.stringify(desc),
    enable: c.enable,
    customArgument: null,
    fingerprint: { maxMsgNum: c.maxMsgNum, offset: c.offset, retry: c.retry, timeOut: c.timeOut, consumerGroupName: c.consumerGroupName, enable: c.enable },
  };
}

export function desiredFunction(spec: FunctionSpec, codeSha256: string): DesiredFunction {
  return {
    name: spec.functionName,
    namespace: spec.namespace,
    handler: spec.handler,
    runtime: spec.runtime,
    asyncRunEnable: spec.asyncRunEnable,
    config: {
      Description: spec.description,
      MemorySize: spec.memoryMb,
      Timeout: spec.timeoutSeconds,
      InitTimeout: spec.initTimeoutSeconds,
      Role: spec.role ?? '',
      Environment: spec.environment,
      PublicNetStatus: spec.publicAccess ? 'ENABLE' : 'DISABLE',
    },
    codeSha256,
    triggers: [...spec.http.map(httpTrigger), ...spec.timers.map(timerTrigger), ...spec.ckafka.map(ckafkaTrigger)],
  };
}

const parseJson = (text: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** A number written as a number or as digits, as a number; anything else as text. */
const num = (value: unknown): number | string | null => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return value === undefined || value === null ? null : String(value);
};

/** The fingerprint of a deployed trigger, to compare with a desired one of the same type; null for other types. */
export function deployedFingerprint(t: DeployedTrigger): Fingerprint | null {
  const desc = parseJson(t.desc);
  if (t.type === 'timer') {
    const cron = typeof desc?.['cron'] === 'string' ? desc['cron'] : t.desc;
    return { cron: cron.trim(), argument: t.customArgument, enable: t.enable };
  }
  if (t.type === 'http') {
    const net = (desc?.['NetConfig'] ?? {}) as Record<string, unknown>;
    return { authType: String(desc?.['AuthType'] ?? ''), enableIntranet: net['EnableIntranet'] === true, enableExtranet: net['EnableExtranet'] === true };
  }
  if (t.type === 'ckafka') {
    const group = desc?.['consumerGroupName'];
    return {
      maxMsgNum: num(desc?.['maxMsgNum']),
      offset: String(desc?.['offset'] ?? ''),
      retry: num(desc?.['retry']),
      timeOut: num(desc?.['timeOut']),
      consumerGroupName: typeof group === 'string' && group !== '' ? group : null,
      enable: t.enable,
    };
  }
  return null;
}

/** The public (else private) function URL an http trigger reads back with: TriggerDesc.NetConfig.ExtranetUrl / IntranetUrl (UNCONFIRMED: seen in third-party clients). */
export function functionUrlOf(t: DeployedTrigger): string | null {
  const net = parseJson(t.desc)?.['NetConfig'] as Record<string, unknown> | undefined;
  const url = net?.['ExtranetUrl'] ?? net?.['IntranetUrl'];
  return typeof url === 'string' && url !== '' ? url : null;
}
