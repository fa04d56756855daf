/** One published result message as the console lists it. */
import type { AdminMessage } from '../admin-client';

export interface ConsoleMessage {
  seq: number;
  time: string;
  type: string;
  id: string | null;
  trigger: string | null;
  instanceIds: string[];
  statuses: string[];
  reason: string | null;
  error: string | null;
}

export function consoleMessage(m: AdminMessage & { seq?: number }, index: number): ConsoleMessage {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(m.content);
    if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
  } catch {
    // Not one of ours: shown by its tags only.
  }
  const results = Array.isArray(parsed['results']) ? (parsed['results'] as Record<string, unknown>[]) : [];
  const request = (parsed['request'] ?? null) as Record<string, unknown> | null;
  const fromResults = results.map((r) => r['instanceId']).filter((x): x is string => typeof x === 'string');
  const fromRequest = Array.isArray(request?.['instanceIds']) ? (request['instanceIds'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const trigger = parsed['trigger'] as { kind?: unknown } | undefined;
  const error = parsed['error'] as { code?: unknown } | null | undefined;
  return {
    seq: m.seq ?? index + 1,
    time: m.time,
    type: typeof parsed['type'] === 'string' ? parsed['type'] : (m.tags[0] ?? 'message'),
    id: typeof parsed['id'] === 'string' ? parsed['id'] : null,
    trigger: typeof trigger?.kind === 'string' ? trigger.kind : null,
    instanceIds: fromResults.length > 0 ? fromResults : fromRequest,
    statuses: results.map((r) => `${String(r['instanceId'] ?? '?')}: ${String(r['status'] ?? '?')}${r['code'] ? ` (${String(r['code'])})` : ''}`),
    reason: typeof request?.['reason'] === 'string' ? request['reason'] : null,
    error: typeof error?.code === 'string' ? error.code : null,
  };
}
