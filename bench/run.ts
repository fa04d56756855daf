/**
 * `npx ecm-reset bench` (alias `npm run bench`): the performance report. Every number and its baseline are measured in this
 * one run on this machine; the report states, it does not assert (exit 0 even when a target
 * is missed). Prints a markdown table and writes bench/results.json, bench/results.md and the table in docs/benchmarks.md.
 *
 * The function runs as SCF runs it: the esbuild bundle, copied into a temporary directory with
 * no node_modules anywhere above it, loaded by a bare `node` (lib/tools/build/bundle-driver.cjs),
 * talking to the emulator over loopback.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { bundleFunction, bundleOptions, FUNCTIONS, ROOT } from '../lib/tools/build/bundle';
import { type DriverEvent, type DriverRun, runBundle } from '../lib/tools/build/run-bundle';
import { createEmulator, DEMO_SEED_PATH, type Emulator, type Seed } from '../lib/tools/emulator/index';
import { fleetId, withFleet } from './fleet-seed';
import { BENCH_OUTPUTS, writeBenchOutputs } from './outputs';
import { formatReport, type Row } from './report';
import { loopbackRoundTripMs } from './round-trip';
import { median, percentile, round } from './stats';
import { timedNode, timedRequire } from './timed-spawn';

const COLD_LOAD_ROUNDS = 21;
const COLD_INVOKE_ROUNDS = 7;
const WARM_INVOCATIONS = 200;
const WARM_BASELINE_INVOCATIONS = 100;
/**
 * Warm invocations run in bursts, as alarm storms and ChatOps sessions arrive: WARM_BURST back to
 * back (each makes one call of each action, so a burst stays under the client limiter's 20 slots
 * and never waits on it), then an untimed WARM_BURST_GAP_MS pause that empties the window (a slot
 * is free again 1.1 s after its call completed).
 */
const WARM_BURST = 18;
const WARM_BURST_GAP_MS = 1200;
/** The same requests one at a time after an idle pause: the CPU has gone to sleep in between. */
const WARM_IDLE_INVOCATIONS = 60;
const WARM_PAUSE_MS = 120;
const FLEET_SIZE = 2000;
const API_RATE = 20;
const RESET_BATCH = 100;
const SCF_MIN_MEMORY_MB = 64;
const KEY = '3f8a1c9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a'; // examples/seed.json ecm-reset/auth-keys[0]
const REGION = 'ap-guangzhou';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const demoSeed = (): Seed => JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;

/** The function's environment against the emulator, as the tests use it, tuned so repeated runs are not refused. */
function functionEnv(emu: Emulator, seed: Seed, extra: Record<string, string> = {}): Record<string, string> {
  const cred = seed.credentials[0];
  if (cred === undefined) throw new Error('seed without credentials');
  return {
    TENCENTCLOUD_SECRETID: cred.secretId,
    TENCENTCLOUD_SECRETKEY: cred.secretKey,
    TENCENTCLOUD_REGION: REGION,
    TENCENTCLOUD_UIN: '100012345678',
    RESET_API_ENDPOINT: emu.url,
    RESET_TOPIC: 'ecm-reset-results',
    RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000',
    RESET_PASSWORD_SECRET: 'ecm-reset/root-password',
    RESET_AUTH_SECRET: 'ecm-reset/auth-keys',
    RESET_ALLOW: 'tag:env=staging,tag:fleet=nightly,ein-aaaaaaaa,ein-bbbbbbbb',
    RESET_COOLDOWN: '0',
    ...extra,
  };
}

const resetEvent = (n: number): DriverEvent => ({ signed: { key: KEY, body: { instanceIds: ['ein-web00003'], reason: `bench #${n}` } } });

/** The same function bundled by esbuild with the SDK's own dependencies: the baseline the shims improve on. */
async function naiveBundle(outdir: string): Promise<{ file: string; bytes: number }> {
  const fn = FUNCTIONS[0];
  if (fn === undefined) throw new Error('no function');
  const file = join(outdir, 'naive', 'index.js');
  const r = await build(bundleOptions(fn.entry, file));
  const bytes = Object.values(r.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { file, bytes };
}

function statusOf(run: DriverRun, i: number): number | null {
  const r = run.answers[i]?.response as { statusCode?: unknown } | undefined;
  return typeof r?.statusCode === 'number' ? r.statusCode : null;
}

function check(run: DriverRun, what: string): void {
  if (run.exitCode !== 0) throw new Error(`${what}: driver exited ${run.exitCode}: ${run.stderr.slice(0, 1000)}`);
}

/** Runs the whole bench (minutes); prints the report on stdout and writes BENCH_OUTPUTS only. */
export async function runBench(): Promise<void> {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'ecm-reset-bench-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  let emu: Emulator | null = null;
  try {
    // 1. Bundles, outside the repository: nothing can resolve node_modules from there.
    log('building bundles');
    const fn = FUNCTIONS[0];
    if (fn === undefined) throw new Error('no function');
    const bundle = await bundleFunction(fn, work);
    const naive = await naiveBundle(work);
    rows.push({
      metric: 'bundle size',
      value: `${bundle.bytes.toLocaleString('en')} B`,
      baseline: `${naive.bytes.toLocaleString('en')} B (esbuild, SDK deps as-is)`,
      ratio: `${round(naive.bytes / bundle.bytes)}× smaller`,
      target: '≤ 150 KB',
      pass: bundle.bytes <= 150 * 1024,
    });

    const seed = demoSeed();
    emu = await createEmulator({ seed: { ...seed, resetDurationMs: 0 }, port: 0 });
    const e = emu;
    const env = functionEnv(e, seed);

    // 2. Cold load: rounds interleave the variants so machine noise hits them alike.
    log(`cold load: ${COLD_LOAD_ROUNDS} rounds`);
    const load = {
      bare: [] as number[],
      sdkWall: [] as number[],
      sdk: [] as number[],
      bundleWall: [] as number[],
      bundle: [] as number[],
      naive: [] as number[],
    };
    for (let i = 0; i < COLD_LOAD_ROUNDS; i++) {
      load.bare.push(timedNode('', { cwd: work, env }).wallMs);
      const sdk = timedNode(timedRequire('tencentcloud-sdk-nodejs'), { cwd: ROOT, env });
      load.sdkWall.push(sdk.wallMs);
      load.sdk.push(Number(sdk.reported));
      const b = timedNode(timedRequire(bundle.file), { cwd: work, env });
      load.bundleWall.push(b.wallMs);
      load.bundle.push(Number(b.reported));
      load.naive.push(Number(timedNode(timedRequire(naive.file), { cwd: work, env }).reported));
    }
    const loadBundle = median(load.bundle);
    const loadSdk = median(load.sdk);
    rows.push({
      metric: 'cold load: require() time',
      value: `${round(loadBundle)} ms`,
      baseline: `full SDK ${round(loadSdk)} ms; naive bundle ${round(median(load.naive))} ms`,
      ratio: `${round(loadSdk / loadBundle)}× faster than the SDK`,
      target: '≥ 20× faster than the SDK',
      pass: loadSdk / loadBundle >= 20,
    });
    const overBare = median(load.bundleWall) - median(load.bare);
    rows.push({
      metric: 'cold load: process, above bare node',
      value: `+${round(overBare)} ms (${round(median(load.bundleWall))} ms)`,
      baseline: `\`node -e ''\` ${round(median(load.bare))} ms; SDK +${round(median(load.sdkWall) - median(load.bare))} ms`,
      ratio: `${round((median(load.sdkWall) - median(load.bare)) / overBare)}× less than the SDK`,
      target: '≤ 15 ms above bare node',
      pass: overBare <= 15,
    });

    // 3. Cold first invocation: process start to the first response, a fresh process each time.
    log(`cold first invocation: ${COLD_INVOKE_ROUNDS} rounds`);
    const cold = { bundle: [] as number[], naive: [] as number[], rss: [] as number[], naiveRss: [] as number[], handler: [] as number[] };
    for (let i = 0; i < COLD_INVOKE_ROUNDS; i++) {
      for (const variant of ['bundle', 'naive'] as const) {
        e.reseed({ ...seed, resetDurationMs: 0 });
        const run = await runBundle(variant === 'bundle' ? bundle.file : naive.file, { events: [resetEvent(i)] }, env);
        check(run, `cold ${variant}`);
        if (statusOf(run, 0) !== 202) throw new Error(`cold ${variant}: expected 202, got ${JSON.stringify(run.answers[0]?.response)}`);
        const answer = run.answers[0];
        if (answer === undefined) throw new Error('no answer');
        cold[variant].push(answer.sinceSpawnMs);
        if (variant === 'bundle') {
          cold.rss.push(run.maxRssKb / 1024);
          cold.handler.push(answer.ms);
        } else cold.naiveRss.push(run.maxRssKb / 1024);
      }
    }
    const bareWall = median(load.bare);
    rows.push({
      metric: 'cold first invocation: process start → response',
      value: `${round(median(cold.bundle))} ms (handler ${round(median(cold.handler))} ms)`,
      baseline: `naive bundle ${round(median(cold.naive))} ms; bare node ${round(bareWall)} ms`,
      ratio: `${round(median(cold.naive) / median(cold.bundle), 2)}× faster than naive`,
      target: '–',
      pass: null,
    });

    // 4. Warm latency: one process, one instance per request, the emulator restored before each.
    const warm = async (file: string, count: number, pacing: 'burst' | 'idle') => {
      const before = e.stats.connections;
      let afterFirst = NaN;
      const events = Array.from({ length: count + 1 }, (_, n) => resetEvent(1000 + n));
      const run = await runBundle(file, { events, stepped: true, quiet: false, traceApi: true }, env, {
        beforeEach: async (i) => {
          if (i === 1) afterFirst = e.stats.connections;
          e.reseed({ ...seed, resetDurationMs: 0 });
          if (pacing === 'idle') await sleep(WARM_PAUSE_MS);
          else if (i % WARM_BURST === 1 || i === 0) await sleep(WARM_BURST_GAP_MS);
        },
      });
      check(run, 'warm');
      const bad = run.answers.filter((_, i) => statusOf(run, i) !== 202);
      if (bad.length > 0) throw new Error(`warm: ${bad.length} answers were not 202, e.g. ${JSON.stringify(bad[0]?.response)}`);
      const warmAnswers = run.answers.slice(1); // the first one is the cold start
      return {
        latencies: warmAnswers.map((a) => a.ms),
        own: warmAnswers.map((a) => a.ms - (a.apiMs ?? 0)),
        firstConnections: afterFirst - before,
        warmConnections: e.stats.connections - afterFirst,
        rssMb: run.maxRssKb / 1024,
      };
    };
    log(`warm: ${WARM_INVOCATIONS} invocations of the bundle, in bursts of ${WARM_BURST}`);
    const warmBundle = await warm(bundle.file, WARM_INVOCATIONS, 'burst');
    log(`warm: ${WARM_BASELINE_INVOCATIONS} invocations of the naive bundle, in bursts of ${WARM_BURST}`);
    const warmNaive = await warm(naive.file, WARM_BASELINE_INVOCATIONS, 'burst');
    log(`warm: ${WARM_IDLE_INVOCATIONS} invocations of the bundle, ${WARM_PAUSE_MS} ms apart`);
    const warmIdle = await warm(bundle.file, WARM_IDLE_INVOCATIONS, 'idle');
    const p50 = percentile(warmBundle.latencies, 50);
    const idleP50 = percentile(warmIdle.latencies, 50);
    rows.push({
      metric: `warm invocation p50 (${WARM_INVOCATIONS} × one-instance POST /reset, in bursts of ${WARM_BURST} within the API's 20/s)`,
      value: `${round(p50, 2)} ms`,
      baseline: `naive bundle ${round(percentile(warmNaive.latencies, 50), 2)} ms`,
      ratio: `${round(percentile(warmNaive.latencies, 50) / p50, 2)}×`,
      target: '≤ 3 ms',
      pass: p50 <= 3,
    });
    rows.push({
      metric: 'warm invocation p99',
      value: `${round(percentile(warmBundle.latencies, 99), 2)} ms`,
      baseline: `naive bundle ${round(percentile(warmNaive.latencies, 99), 2)} ms`,
      ratio: '',
      target: '–',
      pass: null,
    });
    rows.push({
      metric: `warm invocation p50, one at a time ${WARM_PAUSE_MS} ms apart (${WARM_IDLE_INVOCATIONS} ×; the CPU idles in between)`,
      value: `${round(idleP50, 2)} ms`,
      baseline: `in bursts ${round(p50, 2)} ms`,
      ratio: `${round(idleP50 / p50, 2)}× the burst p50`,
      target: '–',
      pass: null,
    });
    log('warm: loopback round-trip floor');
    const floor = await loopbackRoundTripMs(WARM_INVOCATIONS, WARM_PAUSE_MS);
    const floorBusy = await loopbackRoundTripMs(WARM_INVOCATIONS, 0);
    rows.push({
      metric: 'loopback floor: one HTTP round trip between two processes, back to back (CPU awake)',
      value: `${round(floorBusy, 3)} ms`,
      baseline: `after a ${WARM_PAUSE_MS} ms pause ${round(floor, 3)} ms`,
      ratio: `burst p50 = ${round(p50 / floorBusy, 1)} floors; idle p50 = ${round(idleP50 / floor, 1)} idle floors (4 round trips)`,
      target: '–',
      pass: null,
    });
    const ownP50 = percentile(warmBundle.own, 50);
    rows.push({
      metric: 'warm p50: the function’s own time (not waiting on the API)',
      value: `${round(ownP50, 2)} ms`,
      baseline: `waiting on the emulator ${round(p50 - ownP50, 2)} ms; naive bundle own ${round(percentile(warmNaive.own, 50), 2)} ms`,
      ratio: `${round((100 * ownP50) / p50)} % of the p50`,
      target: '–',
      pass: null,
    });
    rows.push({
      metric: `connections opened: first invocation / next ${WARM_INVOCATIONS} warm ones`,
      value: `${warmBundle.firstConnections} / ${warmBundle.warmConnections}`,
      baseline: `naive bundle ${warmNaive.firstConnections} / ${warmNaive.warmConnections}`,
      ratio: '',
      target: '0 new on warm invocations (keep-alive)',
      pass: warmBundle.warmConnections === 0,
    });
    notes.push(
      'Warm calls per one-instance request: DescribeInstances (the target) and Tag GetResources (the hourly budget) side by side, TagResources (the guardrail mark, written before the reset), ResetInstances, then PublishCmqMsg: four round trips to the emulator, each a TC3-verified HTTP exchange between two processes.',
    );

    // 5. Fleet: one timer event resets a 2,000-instance fleet.
    log(`fleet: ${FLEET_SIZE} instances`);
    const fleetSeed = { ...withFleet(seed, FLEET_SIZE), resetDurationMs: 10 };
    e.reseed(fleetSeed);
    const fleetEnv = functionEnv(e, seed, {
      RESET_ALLOW: 'tag:fleet=bench',
      RESET_MAX_INSTANCES_TIMER: String(FLEET_SIZE),
      RESET_MAX_PER_HOUR: '100000',
    });
    const health = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events/api-gateway/health-get.json'), 'utf8')) as unknown;
    const timer = {
      Type: 'Timer',
      TriggerName: 'fleet-bench',
      Time: new Date().toISOString(),
      Message: JSON.stringify({ selector: 'tag:fleet=bench', reason: 'bench fleet' }),
    };
    const sinceSeq = Math.max(0, ...e.calls.map((c) => c.seq));
    const fleetRun = await runBundle(bundle.file, { events: [{ event: health }, { event: timer }], timeLimitMs: 120_000, quiet: true }, fleetEnv);
    check(fleetRun, 'fleet');
    const calls = e.calls.filter((c) => c.seq > sinceSeq);
    const resets = calls.filter((c) => c.action === 'ResetInstances');
    const ok = resets.filter((c) => c.error === null && c.httpStatus === 200);
    const accepted = new Set(ok.flatMap((c) => (c.params as { InstanceIdSet?: string[] }).InstanceIdSet ?? []));
    const throttled = calls.filter((c) => c.error?.code.startsWith('RequestLimitExceeded') === true);
    const unrecovered = Array.from({ length: FLEET_SIZE }, (_, i) => fleetId(i + 1)).filter((id) => !accepted.has(id)).length;
    const t = (c: { time: string }) => Date.parse(c.time);
    // From the invocation's first API call (the fleet's first DescribeInstances page) to the
    // answer of the last ResetInstances: selection and every reset, as a user waits for them.
    const first = Math.min(...calls.map(t));
    const last = Math.max(...ok.map((c) => t(c) + c.durationMs));
    const resetPhaseMs = Math.max(1, last - first);
    const ceiling = API_RATE * RESET_BATCH;
    // The limit counts requests per second, so the rate is per started second of the run: a fleet
    // that fits in the first second scores what the ceiling allows in one second, never more.
    const resetRate = accepted.size / Math.max(1, Math.ceil(resetPhaseMs / 1000));
    const resetTimes = resets.map(t).sort((a, b) => a - b);
    const peakPerSecond = Math.max(0, ...resetTimes.map((s0) => resetTimes.filter((x) => x >= s0 && x < s0 + 1000).length));
    const fleetMs = fleetRun.answers[1]?.ms ?? NaN;
    const endToEnd = accepted.size / (fleetMs / 1000);
    const byAction = new Map<string, number>();
    for (const c of calls) byAction.set(c.action ?? '?', (byAction.get(c.action ?? '?') ?? 0) + 1);
    const callSummary = [...byAction.entries()].map(([a, n]) => `${a} ${n}`).join(', ');
    rows.push({
      metric: `fleet: ${FLEET_SIZE} instances selected and reset (first DescribeInstances → last ResetInstances answer)`,
      value: `${Math.round(resetRate)} instances per started second (${accepted.size} in ${round(resetPhaseMs / 1000, 2)} s)`,
      baseline: `ceiling ${ceiling}/s (${API_RATE} req/s × ${RESET_BATCH})`,
      ratio: `${round((100 * resetRate) / ceiling)} %`,
      target: '≥ 90 % of the ceiling',
      pass: resetRate / ceiling >= 0.9,
    });
    rows.push({
      metric: 'fleet: peak ResetInstances calls in any 1 s at the API',
      value: String(peakPerSecond),
      baseline: `${resets.length} calls, largest ${Math.max(0, ...resets.map((c) => ((c.params as { InstanceIdSet?: string[] }).InstanceIdSet ?? []).length))} ids`,
      ratio: '',
      target: `≤ ${API_RATE}`,
      pass: peakPerSecond <= API_RATE,
    });
    rows.push({
      metric: 'fleet: whole invocation (describe, reset, tag state, publish)',
      value: `${Math.round(endToEnd)} instances/s (${round(fleetMs / 1000, 2)} s)`,
      baseline: `ceiling ${ceiling}/s`,
      ratio: `${round((100 * endToEnd) / ceiling)} %`,
      target: '– (see notes)',
      pass: null,
    });
    rows.push({
      metric: 'fleet: RequestLimitExceeded seen / left unrecovered',
      value: `${throttled.length} / ${unrecovered}`,
      baseline: '',
      ratio: '',
      target: '0 unrecovered',
      pass: unrecovered === 0,
    });
    notes.push(`Fleet run API calls: ${callSummary}.`);
    notes.push(
      `The whole fleet invocation is bound by the guardrail state writes: TagResources takes at most 10 resources per call at ${API_RATE} calls/s, so ${FLEET_SIZE} instances need ≥ ${Math.ceil(FLEET_SIZE / 10 / API_RATE)} s of tag writes; only the first ten instances are marked before the resets, the rest right after theirs are accepted, so the marks do not delay a reinstall.`,
    );
    notes.push(
      `The client limiter lets ${API_RATE} calls of an action hold a slot from release until 1.1 s after their completion (so calls cannot bunch at the API, whatever order they arrive in), so a ${FLEET_SIZE}-instance fleet fits in one window; a longer run is held to ${API_RATE} per 1.1 s plus the calls' duration, at most ${round((100 * 1000) / 1100, 1)} % of the ceiling.`,
    );

    // 6. Memory.
    const bareRss = Number(timedNode("process.stdout.write('@@'+process.resourceUsage().maxRSS)", { cwd: work, env }).reported) / 1024;
    const rss = median(cold.rss);
    rows.push({
      metric: 'peak RSS: one cold invocation',
      value: `${round(rss)} MB`,
      baseline: `bare node ${round(bareRss)} MB; naive bundle ${round(median(cold.naiveRss))} MB`,
      ratio: `+${round(rss - bareRss)} MB over bare node`,
      target: `≤ ${SCF_MIN_MEMORY_MB} MB`,
      pass: rss <= SCF_MIN_MEMORY_MB,
    });
    const fleetRss = fleetRun.maxRssKb / 1024;
    rows.push({
      metric: `peak RSS: ${FLEET_SIZE}-instance fleet invocation`,
      value: `${round(fleetRss)} MB`,
      baseline: `bare node ${round(bareRss)} MB`,
      ratio: '',
      target: `≤ ${SCF_MIN_MEMORY_MB} MB`,
      pass: fleetRss <= SCF_MIN_MEMORY_MB,
    });

    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${process.platform}`;
    const results = {
      date: new Date().toISOString(),
      machine,
      durationSeconds: round((Date.now() - started) / 1000),
      rows,
      notes,
      raw: {
        bundleBytes: bundle.bytes,
        naiveBundleBytes: naive.bytes,
        coldLoadMs: load,
        coldInvocationMs: cold,
        warmLatencyMs: { bundle: warmBundle.latencies, naive: warmNaive.latencies },
        warmOwnMs: { bundle: warmBundle.own, naive: warmNaive.own },
        loopbackRoundTripMs: { afterPause: floor, backToBack: floorBusy },
        warmConnections: { bundle: [warmBundle.firstConnections, warmBundle.warmConnections], naive: [warmNaive.firstConnections, warmNaive.warmConnections] },
        fleet: {
          size: FLEET_SIZE,
          accepted: accepted.size,
          resetPhaseMs,
          invocationMs: fleetMs,
          throttled: throttled.length,
          unrecovered,
          calls: Object.fromEntries(byAction),
          rssMb: fleetRss,
        },
        bareRssMb: bareRss,
      },
    };
    const report = formatReport(results);
    process.stdout.write(`${report}\n`);
    await writeBenchOutputs(ROOT, report, results, log);
    log(`done in ${results.durationSeconds} s; wrote ${BENCH_OUTPUTS.join(', ')}`);
  } finally {
    await emu?.close();
    await rm(work, { recursive: true, force: true });
  }
}
