/** One Tencent Cloud API call as the console lists it: what was asked, of which instances, and how it ended. */
import type { AdminCall } from '../admin-client';

export interface CallSummary {
  seq: number;
  time: string;
  service: string | null;
  action: string | null;
  /** The parameters in one line (`Key=value …`), passwords redacted by the emulator, at most 240 characters. */
  params: string;
  /** Every ECM instance id the parameters name. */
  instanceIds: string[];
  httpStatus: number | null;
  error: string | null;
  fault: string | null;
}

const INSTANCE_ID = /^ein-[a-z0-9]{8}$/;
const MAX_PARAMS = 240;

function instanceIdsIn(value: unknown, found: Set<string>): void {
  if (typeof value === 'string' && INSTANCE_ID.test(value)) found.add(value);
  else if (Array.isArray(value)) for (const v of value) instanceIdsIn(v, found);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) instanceIdsIn(v, found);
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v !== 'object') ? value.join(',') : JSON.stringify(value);

export function paramsLine(params: unknown): string {
  if (typeof params !== 'object' || params === null) return params === null || params === undefined ? '' : text(params);
  const line = Object.entries(params)
    .map(([k, v]) => `${k}=${text(v)}`)
    .join(' ');
  return line.length > MAX_PARAMS ? `${line.slice(0, MAX_PARAMS - 1)}…` : line;
}

export function summariseCall(c: AdminCall): CallSummary {
  const ids = new Set<string>();
  instanceIdsIn(c.params, ids);
  return {
    seq: c.seq,
    time: c.time ?? '',
    service: c.service,
    action: c.action,
    params: paramsLine(c.params),
    instanceIds: [...ids],
    httpStatus: c.httpStatus ?? null,
    error: c.error?.code ?? null,
    fault: c.fault ?? null,
  };
}
