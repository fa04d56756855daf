import type { Refusal } from './scf-rules';

/**
 * SCF triggers' `TriggerDesc`, as CreateTrigger takes it and as ListTriggers / GetFunction read it
 * back (doc 583/39901 "触发器描述说明"; function URLs doc 583/100227 and 583/96099).
 */

/** "名称支持英文字母、数字、连接符和下划线，最长100个字符" (CreateTrigger.TriggerName, for timers; used for every type). */
export const TRIGGER_NAME = /^[A-Za-z0-9_-]{1,100}$/;

const bad = (message: string): Refusal => ({ code: 'InvalidParameterValue.TriggerDesc', message });

/** Second, minute, hour, day, month, weekday, year; the legacy 5-field form drops second and year (doc 583/9708). */
const CRON_FIELDS: readonly { name: string; min: number; max: number; names?: readonly string[] }[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

/** Why SCF would refuse a timer's cron expression (`, - * /` in 7 fields, or the legacy 5), or null. */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 7 && parts.length !== 5) return `the cron expression \`${expression}\` has ${parts.length} fields; SCF takes 7 (or the legacy 5)`;
  const fields = parts.length === 7 ? CRON_FIELDS : CRON_FIELDS.slice(1, 6);
  for (const [i, part] of parts.entries()) {
    const field = fields[i];
    if (field === undefined) continue;
    const value = (text: string): number | null => {
      const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
      if (named >= 0) return field.min + named;
      return /^\d+$/.test(text) ? Number(text) : null;
    };
    for (const item of part.split(',')) {
      const [range = '', step] = item.split('/');
      if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `cron ${field.name} \`${part}\`: the step must be a positive number`;
      if (range === '*') continue;
      const bounds = range.split('-').map(value);
      const inRange = bounds.every((n) => n !== null && n >= field.min && n <= field.max);
      if (bounds.length > 2 || !inRange) return `cron ${field.name} \`${part}\` is not *, a value or a range within ${field.min}-${field.max}`;
    }
  }
  return null;
}

/** A timer's TriggerDesc is the bare cron expression; it reads back as `{"cron":"…"}` (tccli CreateTrigger example). */
export function timerDesc(triggerDesc: string): string | Refusal {
  const problem = cronProblem(triggerDesc);
  return problem === null ? JSON.stringify({ cron: triggerDesc.trim() }) : bad(problem);
}

/** The cron expression of a stored timer TriggerDesc. */
export function cronOf(desc: string): string {
  const parsed = parseObject(desc);
  return typeof parsed?.['cron'] === 'string' ? parsed['cron'] : desc;
}

const CKAFKA_REQUIRED = ['maxMsgNum', 'offset', 'retry', 'timeOut'] as const;
/** Fields UpdateTrigger may change on a CKafka trigger (doc api/583/96828). */
export const CKAFKA_UPDATABLE: readonly string[] = ['maxMsgNum', 'retry', 'timeOut'];

/**
 * A CKafka trigger's TriggerDesc (doc 583/39901): JSON with `maxMsgNum`, `offset` (latest, earliest or a
 * timestamp in ms), `retry`, `timeOut` (1–60 s) — strings in the table, numbers in its example, so both are
 * taken — and optional `consumerGroupName`, `easConfig`.
 */
export function ckafkaDesc(triggerDesc: string): string | Refusal {
  const desc = parseObject(triggerDesc);
  if (desc === null) return bad('a ckafka TriggerDesc is a JSON object');
  const missing = CKAFKA_REQUIRED.find((key) => desc[key] === undefined || desc[key] === '');
  if (missing !== undefined) return bad(`a ckafka TriggerDesc needs ${missing}`);
  const int = (key: string): number | null => {
    const raw = desc[key];
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isInteger(n) && n >= 0 ? n : null;
  };
  const maxMsgNum = int('maxMsgNum');
  if (maxMsgNum === null || maxMsgNum < 1) return bad('maxMsgNum must be a positive whole number');
  if (int('retry') === null) return bad('retry must be a whole number');
  const timeOut = int('timeOut');
  if (timeOut === null || timeOut < 1 || timeOut > 60) return bad('timeOut must be 1-60 seconds');
  const offset = String(desc['offset']);
  if (!['latest', 'earliest'].includes(offset) && !/^\d{13}$/.test(offset)) return bad('offset is latest, earliest or a timestamp in milliseconds');
  for (const key of ['consumerGroupName', 'easConfig']) {
    if (desc[key] !== undefined && typeof desc[key] !== 'string' && typeof desc[key] !== 'object') return bad(`${key} must be a string`);
  }
  return JSON.stringify(desc);
}

/** Where a function URL lives (doc 583/96099): `https://<appid>-<urlid>.<region>.tencentscf.com`, `.in.` for the private one. */
export function functionUrl(appId: number, urlId: string, region: string, intranet: boolean): string {
  return `https://${appId}-${urlId}.${intranet ? 'in.' : ''}${region}.tencentscf.com`;
}

/**
 * A function URL's TriggerDesc (doc 583/100227): `{"AuthType": "NONE" | "CAM", "NetConfig": {"EnableIntranet",
 * "EnableExtranet"}, "CorsConfig"?}`. It reads back with the URLs in `NetConfig.ExtranetUrl` / `IntranetUrl`:
 * where the real API returns them is not documented (UNCONFIRMED; seen in third-party clients).
 */
export function httpDesc(triggerDesc: string, where: { appId: number; urlId: string; region: string }): string | Refusal {
  const desc = parseObject(triggerDesc);
  if (desc === null) return bad('an http TriggerDesc is a JSON object {"AuthType", "NetConfig"}');
  if (desc['AuthType'] !== 'NONE' && desc['AuthType'] !== 'CAM') return bad('AuthType must be NONE or CAM');
  const net = desc['NetConfig'];
  if (typeof net !== 'object' || net === null || Array.isArray(net)) return bad('NetConfig must be {"EnableIntranet": bool, "EnableExtranet": bool}');
  const { EnableIntranet: intranet, EnableExtranet: extranet } = net as Record<string, unknown>;
  if (typeof intranet !== 'boolean' || typeof extranet !== 'boolean') return bad('NetConfig.EnableIntranet and EnableExtranet must be booleans');
  const cors = desc['CorsConfig'];
  if (cors !== undefined && (typeof cors !== 'object' || cors === null || Array.isArray(cors))) return bad('CorsConfig must be an object');
  const netConfig = {
    EnableIntranet: intranet,
    EnableExtranet: extranet,
    ...(extranet ? { ExtranetUrl: functionUrl(where.appId, where.urlId, where.region, false) } : {}),
    ...(intranet ? { IntranetUrl: functionUrl(where.appId, where.urlId, where.region, true) } : {}),
  };
  return JSON.stringify({ ...desc, NetConfig: netConfig });
}

/** The TriggerDesc a trigger of `type` reads back as, or why CreateTrigger refuses it. Other types are kept as given. */
export function readBackDesc(type: string, triggerDesc: string, where: { appId: number; urlId: string; region: string }): string | Refusal {
  if (type === 'timer') return timerDesc(triggerDesc);
  if (type === 'ckafka') return ckafkaDesc(triggerDesc);
  if (type === 'http') return httpDesc(triggerDesc, where);
  return triggerDesc;
}

export function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
