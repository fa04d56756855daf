import { parseCli } from '../lib/tools/cli/args';
import type { CliCommand } from '../lib/tools/cli/command';
import { cliCommand } from '../lib/tools/cli/run-command';

const USAGE = `usage: npx ecm-reset bench     (alias: npm run bench)
The performance report: bundle size, cold start, warm latency, fleet throughput and memory, each beside
a baseline measured in the same run. Takes a few minutes. Prints the table on stdout and writes
bench/results.json, bench/results.md and the table in docs/benchmarks.md (nothing else).`;

export const benchCommand = cliCommand({
  name: 'bench',
  summary: 'the performance report; writes bench/results.* and docs/benchmarks.md only',
  usage: USAGE,
  main: async (args, io) => {
    parseCli(args, { options: {} });
    // Loaded here: it pulls in esbuild and the bundle driver, which no other command needs.
    const { runBench } = await import('./run');
    await runBench();
    return 0;
  },
});
