import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/tools/build/bundle';
import { runBundle } from '../lib/tools/build/run-bundle';
import { API_RATE, type Bench, demoSeed, functionEnv, log, poolId, RESET_BATCH, withPool } from './context';
import type { Bundles } from './measure-load';
import { round } from './stats';

export const FLEET_SIZE = 2000;

/** One timer event resets a 2,000-instance fleet: selection, the ledger, the resets, the result. */
export async function measureFleet(b: Bench, bundles: Bundles, before: (metric: string) => string | null): Promise<{ rssMb: number }> {
  log(`fleet: ${FLEET_SIZE} instances`);
  b.emu.reseed({ ...withPool(demoSeed(), 'fl', FLEET_SIZE), resetDurationMs: 10 });
  const env = functionEnv(b, { RESET_MAX_INSTANCES_TIMER: String(FLEET_SIZE) });
  const health = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events/api-gateway/health-get.json'), 'utf8')) as unknown;
  const timer = {
    Type: 'Timer',
    TriggerName: 'fleet-bench',
    Time: new Date().toISOString(),
    Message: JSON.stringify({ selector: 'tag:pool=fl', reason: 'bench fleet' }),
  };
  const sinceSeq = Math.max(0, ...b.emu.calls.map((c) => c.seq));
  // The health check first: the fleet runs warm, as a schedule in a busy account does.
  const run = await runBundle(bundles.bundle.file, { events: [{ event: health }, { event: timer }], timeLimitMs: 120_000, quiet: true }, env);
  if (run.exitCode !== 0) throw new Error(`fleet: ${run.stderr.slice(0, 500)}`);
  const calls = b.emu.calls.filter((c) => c.seq > sinceSeq);
  const resets = calls.filter((c) => c.action === 'ResetInstances');
  const ok = resets.filter((c) => c.error === null && c.httpStatus === 200);
  const accepted = new Set(ok.flatMap((c) => (c.params as { InstanceIdSet?: string[] }).InstanceIdSet ?? []));
  const throttled = calls.filter((c) => c.error?.code.startsWith('RequestLimitExceeded') === true);
  const unrecovered = Array.from({ length: FLEET_SIZE }, (_, i) => poolId('fl', i + 1)).filter((id) => !accepted.has(id)).length;
  const t = (c: { time: string }) => Date.parse(c.time);
  // From the fleet's first DescribeInstances page to the answer of its last ResetInstances.
  const describe = calls.filter((c) => c.action === 'DescribeInstances');
  const resetPhaseMs = Math.max(1, Math.max(...ok.map((c) => t(c) + c.durationMs)) - Math.min(...describe.map(t)));
  const ceiling = API_RATE * RESET_BATCH;
  // The limit counts requests per second, so the rate is per started second: a fleet that fits in
  // the first second scores what the ceiling allows in one second, never more.
  const resetRate = accepted.size / Math.max(1, Math.ceil(resetPhaseMs / 1000));
  const resetTimes = resets.map(t).sort((a, c) => a - c);
  const peakPerSecond = Math.max(0, ...resetTimes.map((s0) => resetTimes.filter((x) => x >= s0 && x < s0 + 1000).length));
  const fleetMs = run.answers[1]?.ms ?? Number.NaN;
  const whole = accepted.size / Math.max(1, Math.ceil(fleetMs / 1000));
  const byAction = new Map<string, number>();
  for (const c of calls) byAction.set(c.action ?? '?', (byAction.get(c.action ?? '?') ?? 0) + 1);
  const was = (metric: string) => (before(metric) === null ? '' : `; previous run: ${before(metric)}`);
  b.rows.push(
    {
      metric: `fleet: ${FLEET_SIZE} instances selected and reset (first DescribeInstances → last ResetInstances answer)`,
      value: `${Math.round(resetRate)} instances per started second (${accepted.size} in ${round(resetPhaseMs / 1000, 2)} s)`,
      baseline: `ceiling ${ceiling}/s (${API_RATE} req/s × ${RESET_BATCH})`,
      ratio: `${round((100 * resetRate) / ceiling)} %`,
      target: '≥ 90 % of the ceiling',
      pass: resetRate / ceiling >= 0.9,
    },
    {
      metric: 'fleet: peak ResetInstances calls in any 1 s at the API',
      value: String(peakPerSecond),
      baseline: `${resets.length} calls, largest ${Math.max(0, ...resets.map((c) => ((c.params as { InstanceIdSet?: string[] }).InstanceIdSet ?? []).length))} ids`,
      ratio: '',
      target: `≤ ${API_RATE}`,
      pass: peakPerSecond <= API_RATE,
    },
    {
      metric: 'fleet: whole invocation (describe, ledger, reset, record, publish), per started second',
      value: `${Math.round(whole)} instances/s (${round(fleetMs / 1000, 2)} s)`,
      baseline: `ceiling ${ceiling}/s${was('fleet: whole invocation')}`,
      ratio: `${round((100 * whole) / ceiling)} %`,
      target: '≥ 50 % of the ceiling',
      pass: whole / ceiling >= 0.5,
    },
    {
      metric: 'fleet: RequestLimitExceeded seen / left unrecovered',
      value: `${throttled.length} / ${unrecovered}`,
      baseline: '',
      ratio: '',
      target: '0 unrecovered',
      pass: unrecovered === 0,
    },
  );
  b.notes.push(`Fleet run calls: ${[...byAction.entries()].map(([a, n]) => `${a} ${n}`).join(', ')}.`);
  b.notes.push(
    `The fleet's guardrail decision is one ledger entry (one COS PutObject before the first ResetInstances, whatever the fleet's size), its outcome one more, so the ledger adds two round trips to a fleet, not one per instance; before the ledger, the state was ${FLEET_SIZE / 10} TagResources calls (10 resources a call at ${API_RATE}/s) after the resets.`,
  );
  b.notes.push(
    `The client limiter lets ${API_RATE} calls of an action hold a slot from release until 1.1 s after their completion (so calls cannot bunch at the API, whatever order they arrive in), so a ${FLEET_SIZE}-instance fleet fits in one window; a longer run is held to ${API_RATE} per 1.1 s plus the calls' duration, at most ${round((100 * 1000) / 1100, 1)} % of the ceiling.`,
  );
  b.raw['fleet'] = {
    size: FLEET_SIZE,
    accepted: accepted.size,
    resetPhaseMs,
    invocationMs: fleetMs,
    throttled: throttled.length,
    unrecovered,
    calls: Object.fromEntries(byAction),
    rssMb: run.maxRssKb / 1024,
  };
  return { rssMb: run.maxRssKb / 1024 };
}
