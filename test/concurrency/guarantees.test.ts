/**
 * DESIGN's guarantees under concurrency, proven the way SCF runs the function: many copies of the
 * built bundle, one process each, released together against one emulator, with seeded random
 * delays, faults and kills. Every invariant is read from the emulator (the resets it started, the
 * messages on the topic), never from the function's own answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instanceUuid } from '../../lib/tools/emulator/seed';
import { type BuiltBundle, buildBundleInTemp } from '../support/bundle';
import { type Copy, disagreements, outcomesOf, RUN_SEED, resetCounts, runCopies, seeded, shuffled, watchStarts } from '../support/concurrent';
import { type StartedEmulator, startEmulator } from '../support/emulator';
import { fleetInstances, timerEvent } from '../support/fleet-support';
import { alarmBody } from '../support/guard-support';

const COPIES = 20;
let bundle: BuiltBundle;
let emu: StartedEmulator | undefined;

beforeAll(async () => {
  bundle = await buildBundleInTemp('ecm-reset-concurrency-');
}, 60_000);
/** What each scenario measured, for the record (test-output/concurrency-figures.json); nothing is asserted from it. */
const figures: Record<string, unknown>[] = [];
const figure = (scenario: string, starts: Map<string, number[]>, outcomes: ReturnType<typeof outcomesOf>, extra: Record<string, unknown> = {}) =>
  figures.push({
    scenario,
    seed: RUN_SEED,
    ...resetCounts(starts),
    outcomes: outcomes.size,
    messages: [...outcomes.values()].reduce((n, m) => n + m.length, 0),
    types: [...outcomes.values()].reduce<Record<string, number>>((t, m) => {
      const type = m[0]?.type ?? '?';
      t[type] = (t[type] ?? 0) + 1;
      return t;
    }, {}),
    ...extra,
  });
afterAll(() => {
  bundle.remove();
  mkdirSync('test-output', { recursive: true });
  writeFileSync('test-output/concurrency-figures.json', `${JSON.stringify(figures, null, 2)}\n`);
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const file = () => `${bundle.dir}/reset-instances/index.js`;
const invoke = (request: Record<string, unknown>): Copy['event'] => ({ event: request });
const expectNoDisagreement = (outcomes: ReturnType<typeof outcomesOf>) => expect(disagreements(outcomes), `seed ${RUN_SEED}`).toEqual([]);

describe(`guarantees with ${COPIES} copies of the built function at once (seed ${RUN_SEED})`, () => {
  it('a storm on one instance: twenty different requests, one reset (cooldown), one outcome each', async () => {
    emu = await startEmulator({ instances: fleetInstances(1, { pool: 'storm' }, 's'), resetDurationMs: 100 });
    const starts = watchStarts(emu.emulator);
    const random = seeded(RUN_SEED);
    // Slow, uneven ledger writes make the race wide open.
    emu.emulator.faults.add({ action: 'PutObject', delayMs: 40, times: 10 });
    const copies = Array.from({ length: COPIES }, (_, n) => ({
      event: invoke({ instanceIds: ['ein-s0000000'], reason: `storm ${n}`, idempotencyKey: `storm-${n}-${Math.floor(random() * 1e6)}` }),
    }));
    const runs = await runCopies(file(), emu, copies, { RESET_ALLOW: 'tag:pool=storm', RESET_COOLDOWN: '3600' });
    expect(
      runs.every((r) => r.exitCode === 0),
      runs.map((r) => r.stderr).join('\n'),
    ).toBe(true);
    expect(resetCounts(starts)).toMatchObject({ perInstanceMax: 1, total: 1 });
    // No loser erased the winner's state: once the reinstall is over, a new request is still held
    // by the cooldown (before the ledger, the losers put back the tags they had read and it was not).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runCopies(file(), emu, [{ event: invoke({ instanceIds: ['ein-s0000000'], reason: 'after the storm', idempotencyKey: 'storm-after' }) }], {
      RESET_ALLOW: 'tag:pool=storm',
      RESET_COOLDOWN: '3600',
    });
    expect(resetCounts(starts)).toMatchObject({ perInstanceMax: 1, total: 1 });
    const outcomes = outcomesOf(emu.emulator);
    expect(outcomes.size).toBe(COPIES + 1);
    expectNoDisagreement(outcomes);
    expect([...outcomes.values()].filter((m) => m[0]?.type === 'reset.accepted')).toHaveLength(1);
    const after = [...outcomes.values()].find((m) => m[0]?.request?.reason === 'after the storm')?.[0];
    expect(after?.type).toBe('reset.rejected');
    // Held by its cooldown, or by the escalation the storm's refused attempts led to.
    expect(['Guard.Cooldown', 'Guard.Escalated']).toContain(after?.results[0]?.code);
    figure('storm on one instance', starts, outcomes, { copies: COPIES });
  });

  it('twenty instances against an hourly budget of five: five resets, all callers together', async () => {
    emu = await startEmulator({ instances: fleetInstances(COPIES, { pool: 'budget' }, 'b') });
    const starts = watchStarts(emu.emulator);
    const copies = Array.from({ length: COPIES }, (_, n) => ({
      event: invoke({ instanceIds: [`ein-b${String(n).padStart(7, '0')}`], reason: `budget ${n}`, idempotencyKey: `budget-${n}` }),
    }));
    await runCopies(file(), emu, copies, { RESET_ALLOW: 'tag:pool=budget', RESET_MAX_PER_HOUR: '5' });
    expect(resetCounts(starts)).toMatchObject({ perInstanceMax: 1, total: 5, maxInAnyHour: 5 });
    const outcomes = outcomesOf(emu.emulator);
    expect(outcomes.size).toBe(COPIES);
    expectNoDisagreement(outcomes);
    const refused = [...outcomes.values()].filter((m) => m[0]?.error?.code === 'Guard.HourlyBudget');
    expect(refused).toHaveLength(COPIES - 5);
    figure('twenty instances, budget 5', starts, outcomes, { copies: COPIES });
  });

  it('a fleet timer and nineteen alarms (some pushed twice) over the same instances: each reset once', async () => {
    const pool = fleetInstances(30, { pool: 'mixed' }, 'm');
    emu = await startEmulator({ instances: pool });
    const starts = watchStarts(emu.emulator);
    const random = seeded(RUN_SEED + 1);
    const fleet: Copy = { event: { event: timerEvent('nightly-mixed', { selector: 'tag:pool=mixed', reason: 'nightly' }) } };
    const alarms: Copy[] = Array.from({ length: COPIES - 1 }, (_, n) => {
      // Cloud Monitor pushes one alarm up to three times: some sessions repeat.
      const target = pool[Math.floor(random() * pool.length)] ?? pool[0];
      const session = `mixed-${n % 13}`;
      return { event: { event: alarmBody(session, { UUID: instanceUuid({ instanceId: target?.instanceId ?? '', uuid: undefined }) }) } };
    });
    emu.emulator.faults.add({ action: 'ResetInstances', delayMs: 30, times: 5 });
    await runCopies(file(), emu, shuffled([fleet, ...alarms], random), {
      RESET_ALLOW: 'tag:pool=mixed',
      RESET_MAX_INSTANCES_TIMER: '100',
      RESET_MAX_PER_HOUR: '1000',
    });
    expect(resetCounts(starts).perInstanceMax).toBe(1);
    expectNoDisagreement(outcomesOf(emu.emulator));
    figure('fleet timer beside alarms', starts, outcomesOf(emu.emulator), { copies: COPIES, instances: pool.length });
  });

  it('a queue batch delivered twenty times at once in different orders never resets more than its first delivery could', async () => {
    const pool = fleetInstances(20, { pool: 'batch' }, 'q');
    emu = await startEmulator({ instances: pool });
    const starts = watchStarts(emu.emulator);
    const random = seeded(RUN_SEED + 2);
    const records = Array.from({ length: 5 }, (_, r) => ({
      CMQ: {
        type: 'queue',
        queueName: 'ecm-reset-requests',
        msgId: `msg-${r}`,
        msgBody: JSON.stringify({ instanceIds: pool.slice(r * 4, r * 4 + 4).map((i) => i.instanceId), reason: `record ${r}` }),
        msgTag: [],
        requestId: `req-${r}`,
        publishTime: '2024-05-01T00:00:00Z',
      },
    }));
    const copies = Array.from({ length: COPIES }, () => ({ event: { event: { Records: shuffled(records, random) } } }));
    await runCopies(file(), emu, copies, { RESET_ALLOW: 'tag:pool=batch', RESET_MAX_INSTANCES: '10', RESET_COOLDOWN: '0' });
    const counts = resetCounts(starts);
    expect(counts.total).toBeLessThanOrEqual(10);
    expect(counts.perInstanceMax).toBe(1);
    const outcomes = outcomesOf(emu.emulator);
    expect(outcomes.size).toBe(records.length);
    expectNoDisagreement(outcomes);
    figure('batch delivered twenty times, reordered', starts, outcomes, { copies: COPIES, records: records.length, radius: 10 });
  });

  it('copies killed mid-run, then the same events delivered again after their time: one outcome each, no instance reset twice', async () => {
    const pool = fleetInstances(COPIES, { pool: 'killed' }, 'k');
    emu = await startEmulator({ instances: pool });
    const starts = watchStarts(emu.emulator);
    const random = seeded(RUN_SEED + 3);
    const timeLimit = 3000;
    // Slow answers give the kills something to interrupt: between the ledger, the reset and the publish.
    emu.emulator.faults.add({ action: 'ResetInstances', delayMs: 300, times: COPIES });
    emu.emulator.faults.add({ action: 'PublishCmqMsg', delayMs: 300, times: COPIES });
    const first: Copy[] = pool.map((instance, n) => ({
      event: invoke({ instanceIds: [instance.instanceId], reason: `killed ${n}`, idempotencyKey: `killed-${n}` }),
      context: { request_id: `scf-killed-${n}`, time_limit_in_ms: timeLimit },
      ...(n % 2 === 0 ? { killAfterMs: Math.floor(random() * 700) } : {}),
    }));
    const env = { RESET_ALLOW: 'tag:pool=killed', RESET_MAX_PER_HOUR: '1000' };
    const runs = await runCopies(file(), emu, first, env);
    expect(runs.filter((r) => r.killed).length).toBeGreaterThan(0);
    emu.emulator.faults.clear();
    // SCF retries an invocation it killed after its time limit: deliver every event again then.
    await new Promise((resolve) => setTimeout(resolve, timeLimit + 500));
    // The retry has SCF's usual time (the first runs had a short one, so that they expire soon).
    await runCopies(
      file(),
      emu,
      first.map(({ killAfterMs: _, context, ...copy }) => ({ ...copy, context: { ...context, time_limit_in_ms: 30_000 } })),
      env,
    );
    expect(resetCounts(starts).perInstanceMax).toBe(1);
    const outcomes = outcomesOf(emu.emulator);
    expect(outcomes.size, 'every request ends in a published outcome').toBe(COPIES);
    expectNoDisagreement(outcomes);
    figure('kills mid-run, then redelivery', starts, outcomes, { copies: COPIES * 2, killed: runs.filter((r) => r.killed).length });
  });

  it('the ledger’s store failing at random: the guardrails fail closed, and once it is back every request ends once', async () => {
    emu = await startEmulator({ instances: fleetInstances(4, { pool: 'flaky' }, 'f') });
    const starts = watchStarts(emu.emulator);
    const random = seeded(RUN_SEED + 4);
    for (const action of ['PutObject', 'GetObject']) {
      emu.emulator.faults.add({ action, code: 'SlowDown', times: 3 + Math.floor(random() * 5) });
      emu.emulator.faults.add({ action, dropConnection: true, when: random() < 0.5 ? 'before' : 'after', times: 2 });
      emu.emulator.faults.add({ action, delayMs: 50 + Math.floor(random() * 200), times: 4 });
    }
    const copies = Array.from({ length: COPIES }, (_, n) => ({
      event: invoke({ instanceIds: [`ein-f${String(n % 4).padStart(7, '0')}`], reason: `flaky ${n}`, idempotencyKey: `flaky-${n}` }),
      context: { request_id: `scf-flaky-${n}`, time_limit_in_ms: 4000 },
    }));
    const env = { RESET_ALLOW: 'tag:pool=flaky', RESET_MAX_PER_HOUR: '3', RESET_API_TIMEOUT: '1' };
    await runCopies(file(), emu, copies, env);
    emu.emulator.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 4500));
    // Redelivered (SCF retries what failed), with SCF's usual time: nothing more than the budget, each instance at most once.
    await runCopies(
      file(),
      emu,
      copies.map((c) => ({ ...c, context: { ...c.context, time_limit_in_ms: 30_000 } })),
      env,
    );
    const counts = resetCounts(starts);
    expect(counts.perInstanceMax).toBeLessThanOrEqual(1);
    expect(counts.maxInAnyHour).toBeLessThanOrEqual(3);
    const outcomes = outcomesOf(emu.emulator);
    expect(outcomes.size).toBe(COPIES);
    expectNoDisagreement(outcomes);
    figure('ledger store failing', starts, outcomes, { copies: COPIES * 2, budget: 3 });
  });
});
