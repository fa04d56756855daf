import { type Bench, functionEnv, SCF_MIN_MEMORY_MB } from './context';
import type { Cold } from './measure-cold';
import { FLEET_SIZE } from './measure-fleet';
import { median, round } from './stats';
import { timedNode } from './timed-spawn';

/** Peak RSS of a cold invocation and of the fleet, against SCF's smallest memory size. */
export function measureMemory(b: Bench, cold: Cold, fleet: { rssMb: number }): void {
  const bareRss = Number(timedNode("process.stdout.write('@@'+process.resourceUsage().maxRSS)", { cwd: b.work, env: functionEnv(b) }).reported) / 1024;
  const rss = median(cold.rssMb);
  b.rows.push(
    {
      metric: 'peak RSS: one cold invocation',
      value: `${round(rss)} MB`,
      baseline: `bare node ${round(bareRss)} MB; naive bundle ${round(median(cold.naiveRssMb))} MB`,
      ratio: `+${round(rss - bareRss)} MB over bare node`,
      target: `≤ ${SCF_MIN_MEMORY_MB} MB`,
      pass: rss <= SCF_MIN_MEMORY_MB,
    },
    {
      metric: `peak RSS: ${FLEET_SIZE}-instance fleet invocation`,
      value: `${round(fleet.rssMb)} MB`,
      baseline: `bare node ${round(bareRss)} MB`,
      ratio: '',
      target: `≤ ${SCF_MIN_MEMORY_MB} MB`,
      pass: fleet.rssMb <= SCF_MIN_MEMORY_MB,
    },
  );
  b.raw['bareRssMb'] = bareRss;
}
