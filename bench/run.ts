/**
 * `npm run bench`: the performance report. Every number and its baseline are measured in this
 * one run on this machine; the report states, it does not assert (exit 0 even when a target is
 * missed). Prints a markdown table and writes bench/results.json, bench/results.md and the table
 * in docs/benchmarks.md (never the README). The previous bench/results.json is the "before".
 *
 * The function runs as SCF runs it: the esbuild bundle, copied into a temporary directory with
 * no node_modules anywhere above it, loaded by a bare `node` (lib/tools/build/bundle-driver.cjs),
 * talking to the emulator over loopback.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../lib/tools/build/bundle';
import { createEmulator } from '../lib/tools/emulator/index';
import { type Bench, demoSeed, log, previousResults } from './context';
import { measureCold } from './measure-cold';
import { measureFleet } from './measure-fleet';
import { measureLoad } from './measure-load';
import { measureMemory } from './measure-memory';
import { measureWarm } from './measure-warm';
import { formatReport } from './report';
import { round } from './stats';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Replaces the table between the BENCH markers of docs/benchmarks.md (left alone when the markers are gone). */
async function refreshBenchmarksDoc(file: string, report: string): Promise<void> {
  const start = '<!-- BENCH:START -->';
  const end = '<!-- BENCH:END -->';
  const text = await readFile(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    log(`${file} has no ${start} … ${end}: table not copied there`);
    return;
  }
  await writeFile(file, `${text.slice(0, a + start.length)}\n${report}\n${text.slice(b)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'ecm-reset-bench-'));
  const seed = demoSeed();
  const emu = await createEmulator({ seed: { ...seed, resetDurationMs: 0 }, port: 0 });
  const before = previousResults(await readFile(join(HERE, 'results.json'), 'utf8').catch(() => null)).value;
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
    await writeFile(join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(join(HERE, 'results.md'), `${report}\n`);
    await refreshBenchmarksDoc(join(ROOT, 'docs', 'benchmarks.md'), report);
    log(`done in ${results.durationSeconds} s; wrote bench/results.json, bench/results.md and docs/benchmarks.md`);
  } finally {
    await emu.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  // A broken bench run is an error (exit 1); a missed target is not.
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
