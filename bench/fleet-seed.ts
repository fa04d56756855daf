import type { Seed } from '../lib/tools/emulator/index';

/** Instance ids `ein-fl000001` … for a bench fleet (ids are `ein-` + 8 lower-case alphanumerics). */
export const fleetId = (n: number): string => `ein-fl${String(n).padStart(6, '0')}`;

/** The demo seed plus `size` running Linux instances tagged `fleet=bench`. */
export function withFleet(base: Seed, size: number): Seed {
  const fleet = Array.from({ length: size }, (_, i) => ({
    instanceId: fleetId(i + 1),
    instanceName: `bench-${i + 1}`,
    state: 'RUNNING',
    imageId: 'img-aaaaaaaa',
    memoryGb: 2,
    osType: 'linux',
    tags: { fleet: 'bench', env: 'bench' },
  }));
  return { ...base, instances: [...(base.instances ?? []), ...fleet] } as Seed;
}
