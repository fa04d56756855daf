/**
 * What `npm run bench` writes, and nothing else: its results beside it and the table in
 * docs/benchmarks.md. Never the README (the README links to docs/benchmarks.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BENCH_OUTPUTS = ['bench/results.json', 'bench/results.md', 'docs/benchmarks.md'] as const;

const START = '<!-- BENCH:START -->';
const END = '<!-- BENCH:END -->';

/** Replaces the table between the BENCH markers of docs/benchmarks.md (left alone when the markers are gone). */
async function refreshBenchmarksDoc(file: string, report: string, log: (line: string) => void): Promise<void> {
  const text = await readFile(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) {
    log(`${file} has no ${START} … ${END}: table not copied there`);
    return;
  }
  await writeFile(file, `${text.slice(0, a + START.length)}\n${report}\n${text.slice(b)}`);
}

/** Writes BENCH_OUTPUTS under `root` (the repository). */
export async function writeBenchOutputs(root: string, report: string, results: unknown, log: (line: string) => void): Promise<void> {
  await writeFile(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(root, 'bench', 'results.md'), `${report}\n`);
  await refreshBenchmarksDoc(join(root, 'docs', 'benchmarks.md'), report, log);
}
