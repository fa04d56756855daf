import { runBundle } from '../lib/tools/build/run-bundle';
import { type Bench, demoSeed, functionEnv, KEY, log, poolId, withPool } from './context';
import type { Bundles } from './measure-load';
import { median, round } from './stats';

const COLD_INVOKE_ROUNDS = 7;

/** Peak RSS of the cold invocations, for the memory rows. */
export interface Cold {
  rssMb: number[];
  naiveRssMb: number[];
}

/** Process start to the first response, a fresh process each time, bundle and naive bundle interleaved. */
export async function measureCold(b: Bench, bundles: Bundles): Promise<Cold> {
  log(`cold first invocation: ${COLD_INVOKE_ROUNDS} rounds`);
  const env = functionEnv(b);
  const cold = { bundle: [] as number[], naive: [] as number[], rss: [] as number[], naiveRss: [] as number[], handler: [] as number[] };
  for (let i = 0; i < COLD_INVOKE_ROUNDS; i++) {
    for (const variant of ['bundle', 'naive'] as const) {
      b.emu.reseed({ ...withPool(demoSeed(), 'wm', 20), resetDurationMs: 0 });
      const event = { signed: { key: KEY, body: { instanceIds: [poolId('wm', 1)], reason: `cold #${i}` } } };
      const run = await runBundle(variant === 'bundle' ? bundles.bundle.file : bundles.naive.file, { events: [event] }, env);
      const answer = run.answers[0];
      const status = (answer?.response as { statusCode?: number } | undefined)?.statusCode;
      if (run.exitCode !== 0 || answer === undefined || status !== 202)
        throw new Error(`cold ${variant}: ${JSON.stringify(answer?.response ?? run.stderr.slice(0, 500))}`);
      cold[variant].push(answer.sinceSpawnMs);
      if (variant === 'bundle') {
        cold.rss.push(run.maxRssKb / 1024);
        cold.handler.push(answer.ms);
      } else cold.naiveRss.push(run.maxRssKb / 1024);
    }
  }
  b.rows.push({
    metric: 'cold first invocation: process start → response',
    value: `${round(median(cold.bundle))} ms (handler ${round(median(cold.handler))} ms)`,
    baseline: `naive bundle ${round(median(cold.naive))} ms; bare node ${round(bundles.bareWallMs)} ms`,
    ratio: `${round(median(cold.naive) / median(cold.bundle), 2)}× faster than naive`,
    target: '–',
    pass: null,
  });
  b.raw['coldInvocationMs'] = cold;
  return { rssMb: cold.rss, naiveRssMb: cold.naiveRss };
}
