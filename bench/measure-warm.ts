import { setTimeout as sleep } from 'node:timers/promises';
import { type DriverRun, runBundle } from '../lib/tools/build/run-bundle';
import { type Bench, demoSeed, functionEnv, KEY, log, poolId, withPool } from './context';
import type { Bundles } from './measure-load';
import { loopbackRoundTripMs } from './round-trip';
import { median, percentile, round } from './stats';

const WARM_INVOCATIONS = 200;
const WARM_BASELINE_INVOCATIONS = 100;
/**
 * Warm invocations come in bursts of this many (the API allows 20 of an action a second: a
 * burst stays under it, so no invocation waits for a rate-limit slot), one burst a second.
 */
const WARM_BURST = 18;
const WARM_BURST_GAP_MS = 1200;
/** One invocation at a time, the CPU idle in between. */
const WARM_IDLE_INVOCATIONS = 60;
const WARM_PAUSE_MS = 120;

interface Warm {
  latencies: number[];
  own: number[];
  firstConnections: number;
  warmConnections: number;
  /** The calls of one typical warm invocation (the tenth), in the order the emulator saw them. */
  actions: string[];
  /** Round trips per warm invocation (median), counted in the function's process: stretches with a call in flight. */
  roundTrips: number;
}

/** One process, many one-instance requests, each for an instance of its own (no cooldown or escalation in the way). */
async function warm(b: Bench, file: string, count: number, pacing: 'burst' | 'idle'): Promise<Warm> {
  b.emu.reseed({ ...withPool(demoSeed(), 'wm', count + 1), resetDurationMs: 0 });
  const before = b.emu.stats.connections;
  let afterFirst = Number.NaN;
  const marks: number[] = [];
  const events = Array.from({ length: count + 1 }, (_, n) => ({ signed: { key: KEY, body: { instanceIds: [poolId('wm', n + 1)], reason: `bench #${n}` } } }));
  const run: DriverRun = await runBundle(file, { events, stepped: true, quiet: false, traceApi: true }, functionEnv(b), {
    beforeEach: async (i) => {
      if (i === 1) afterFirst = b.emu.stats.connections;
      marks[i] = b.emu.calls.at(-1)?.seq ?? 0;
      if (pacing === 'idle') await sleep(WARM_PAUSE_MS);
      else if (i % WARM_BURST === 1 || i === 0) await sleep(WARM_BURST_GAP_MS);
    },
  });
  const bad = run.answers.filter((a) => (a.response as { statusCode?: number } | undefined)?.statusCode !== 202);
  if (run.exitCode !== 0 || bad.length > 0)
    throw new Error(`warm: ${bad.length} answers were not 202, e.g. ${JSON.stringify(bad[0]?.response ?? run.stderr.slice(0, 500))}`);
  const tenth = b.emu.calls.filter((c) => c.seq > (marks[10] ?? 0) && c.seq <= (marks[11] ?? Number.POSITIVE_INFINITY));
  const warmAnswers = run.answers.slice(1); // the first one is the cold start
  return {
    latencies: warmAnswers.map((a) => a.ms),
    own: warmAnswers.map((a) => a.ms - (a.apiMs ?? 0)),
    firstConnections: afterFirst - before,
    warmConnections: b.emu.stats.connections - afterFirst,
    actions: [...tenth].sort((a, c) => a.seq - c.seq).map((c) => c.action ?? '?'),
    roundTrips: median(warmAnswers.map((a) => a.apiWaves ?? Number.NaN)),
  };
}

/** Warm latency in bursts and one at a time, the loopback floor, the function's own share, keep-alive, round trips. */
export async function measureWarm(b: Bench, bundles: Bundles, before: (metric: string) => string | null): Promise<void> {
  log(`warm: ${WARM_INVOCATIONS} invocations of the bundle, in bursts of ${WARM_BURST}`);
  const w = await warm(b, bundles.bundle.file, WARM_INVOCATIONS, 'burst');
  log(`warm: ${WARM_BASELINE_INVOCATIONS} invocations of the naive bundle, in bursts of ${WARM_BURST}`);
  const naive = await warm(b, bundles.naive.file, WARM_BASELINE_INVOCATIONS, 'burst');
  log(`warm: ${WARM_IDLE_INVOCATIONS} invocations of the bundle, ${WARM_PAUSE_MS} ms apart`);
  const idle = await warm(b, bundles.bundle.file, WARM_IDLE_INVOCATIONS, 'idle');
  const p50 = percentile(w.latencies, 50);
  const idleP50 = percentile(idle.latencies, 50);
  const floor = await loopbackRoundTripMs(WARM_INVOCATIONS, WARM_PAUSE_MS);
  const floorBusy = await loopbackRoundTripMs(WARM_INVOCATIONS, 0);
  const ownP50 = percentile(w.own, 50);
  const was = (metric: string) => (before(metric) === null ? '' : `; previous run: ${before(metric)}`);
  b.rows.push(
    {
      metric: `warm invocation p50 (${WARM_INVOCATIONS} × one-instance POST /reset, in bursts of ${WARM_BURST} within the API's 20/s)`,
      value: `${round(p50, 2)} ms`,
      baseline: `naive bundle ${round(percentile(naive.latencies, 50), 2)} ms${was('warm invocation p50 (')}`,
      ratio: `${round(percentile(naive.latencies, 50) / p50, 2)}×`,
      target: '≤ 3 ms',
      pass: p50 <= 3,
    },
    {
      metric: 'warm invocation p99',
      value: `${round(percentile(w.latencies, 99), 2)} ms`,
      baseline: `naive bundle ${round(percentile(naive.latencies, 99), 2)} ms`,
      ratio: '',
      target: '–',
      pass: null,
    },
    {
      metric: `warm invocation p50, one at a time ${WARM_PAUSE_MS} ms apart (${WARM_IDLE_INVOCATIONS} ×; the CPU idles in between)`,
      value: `${round(idleP50, 2)} ms`,
      baseline: `in bursts ${round(p50, 2)} ms`,
      ratio: `${round(idleP50 / p50, 2)}× the burst p50`,
      target: '–',
      pass: null,
    },
    {
      metric: 'warm round trips per one-instance request (calls one after another; side by side counts once)',
      value: String(w.roundTrips),
      baseline: `before the ledger: 4 (DescribeInstances + GetResources, TagResources, ResetInstances, PublishCmqMsg)`,
      ratio: `calls: ${w.actions.join(', ')}`,
      target: '–',
      pass: null,
    },
    {
      metric: 'loopback floor: one HTTP round trip between two processes, back to back (CPU awake)',
      value: `${round(floorBusy, 3)} ms`,
      baseline: `after a ${WARM_PAUSE_MS} ms pause ${round(floor, 3)} ms`,
      ratio: `burst p50 = ${round(p50 / floorBusy, 1)} floors; idle p50 = ${round(idleP50 / floor, 1)} idle floors (${w.roundTrips} round trips)`,
      target: '–',
      pass: null,
    },
    {
      metric: 'warm p50: the function’s own time (not waiting on the API)',
      value: `${round(ownP50, 2)} ms`,
      baseline: `waiting on the emulator ${round(p50 - ownP50, 2)} ms; naive bundle own ${round(percentile(naive.own, 50), 2)} ms`,
      ratio: `${round((100 * ownP50) / p50)} % of the p50`,
      target: '–',
      pass: null,
    },
    {
      metric: `connections opened: first invocation / next ${WARM_INVOCATIONS} warm ones`,
      value: `${w.firstConnections} / ${w.warmConnections}`,
      baseline: `naive bundle ${naive.firstConnections} / ${naive.warmConnections}`,
      ratio: '',
      target: '0 new on warm invocations (keep-alive)',
      pass: w.warmConnections === 0,
    },
  );
  b.raw['warmLatencyMs'] = { bundle: w.latencies, naive: naive.latencies, idle: idle.latencies };
  b.raw['warmOwnMs'] = { bundle: w.own, naive: naive.own };
  b.raw['warmRoundTrips'] = { median: w.roundTrips, calls: w.actions };
  b.raw['loopbackRoundTripMs'] = { afterPause: floor, backToBack: floorBusy };
}
