import type { InstanceSeed } from '../../lib/tools/emulator/seed';

/** `count` Linux instances `ein-f0000000`, `ein-f0000001`, … carrying `tags`. */
export function fleetInstances(count: number, tags: Record<string, string>, prefix = 'f'): InstanceSeed[] {
  return Array.from({ length: count }, (_, i) => ({
    instanceId: `ein-${prefix}${String(i).padStart(8 - prefix.length, '0')}`,
    instanceName: `node-${i}`,
    state: 'RUNNING' as const,
    imageId: 'img-aaaaaaaa',
    memoryGb: 2,
    osType: 'linux' as const,
    tags,
    resetOutcome: 'SUCCESS' as const,
    latestOperation: null,
    latestOperationState: null,
    createTime: '2024-01-01 00:00:00',
  }));
}

/** A timer trigger event whose Message is `request` as JSON. */
export function timerEvent(name: string, request: unknown): Record<string, unknown> {
  return { Type: 'Timer', TriggerName: name, Time: '2024-05-02T18:00:00Z', Message: JSON.stringify(request) };
}

/** The timer that runs the completion sweep. */
export const TRACK_TIMER = timerEvent('track-completions', { track: 'completions' });

/** The most timestamps (epoch ms) that fall in any window [t, t + 1000). */
export function maxCallsInAnySecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
