/**
 * `npx ecm-reset bench` (alias `npm run bench`): the performance report. Every number and its
 * baseline are measured in this one run on this machine; the report states, it does not assert
 * (exit 0 even when a target is missed). Prints a markdown table and writes BENCH_OUTPUTS only
 * (the front page is left alone). The previous bench/results.json is the "before".
 *
 * The function runs as SCF runs it: the esbuild bundle, copied into a temporary directory with
 * no node_modules anywhere above it, loaded by a bare `node` (lib/tools/build/bundle-driver.cjs),
 * talking to the emulator over loopback.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/tools/build/bundle';
import { createEmulator } from '../lib/tools/emulator/index';
import { type Bench, demoSeed, log, previousResults } from './context';
import { measureCold } from './measure-cold';
import { measureFleet } from './measure-fleet';
import { measureLoad } from './measure-load';
import { measureMemory } from './measure-memory';
import { measureWarm } from './measure-warm';
import { BENCH_OUTPUTS, writeBenchOutputs } from './outputs';
import { formatReport } from './report';
import { round } from './stats';

/** Runs the whole bench (minutes); prints the report on stdout and writes BENCH_OUTPUTS only. */
export async function runBench(): Promise<void> {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'ecm-reset-bench-'));
  const seed = demoSeed();
  const emu = await createEmulator({ seed: { ...seed, resetDurationMs: 0 }, port: 0 });
  const before = previousResults(await readFile(join(ROOT, 'bench', 'results.json'), 'utf8').catch(() => null)).value;
  const b: Bench = { work, emu, seed, rows: [], notes: [], raw: {} };
  try {
    const bundles = await measureLoad(b);
    const cold = await measureCold(b, bundles);
    await measureWarm(b, bundles, before);
    const fleet = await measureFleet(b, bundles, before);
    measureMemory(b, cold, fleet);
    const results = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${process.platform}`,
      durationSeconds: round((Date.now() - started) / 1000),
      rows: b.rows,
      notes: b.notes,
      raw: b.raw,
    };
    const report = formatReport(results);
    process.stdout.write(`${report}\n`);
    await writeBenchOutputs(ROOT, report, results, log);
    log(`done in ${results.durationSeconds} s; wrote ${BENCH_OUTPUTS.join(', ')}`);
  } finally {
    await emu.close();
    await rm(work, { recursive: true, force: true });
  }
}
