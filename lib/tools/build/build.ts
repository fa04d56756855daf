/**
 * `npx ecm-reset build` and `npx ecm-reset package` (aliases `npm run build`, `npm run package`): one
 * esbuild bundle per function, dist/<function>/index.js, runnable with no node_modules, and
 * dist/<function>.zip with index.js at its root, the package SCF deploys (DESIGN: build = bundle +
 * zip; package = the zip). `--no-zip` skips the zip.
 */
import { join, relative } from 'node:path';
import { parseCli } from '../cli/args';
import type { CliCommand, CliIo } from '../cli/command';
import { cliCommand } from '../cli/run-command';
import { bundleComposition, bundleFunction, FUNCTIONS, ROOT } from './bundle';
import { packageFunction } from './package';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const usage = (name: string) => `usage: npx ecm-reset ${name} [--no-zip] [--verbose]     (alias: npm run -s ${name} -- …)
  --no-zip   the bundle only, no dist/<function>.zip
  --verbose  what the bundle is made of, by package
Writes dist/reset-instances/index.js and dist/reset-instances.zip (the same bytes for the same sources,
so a deploy of an unchanged build changes nothing); prints one line per file written on stdout.`;

async function build(values: { 'no-zip'?: boolean; verbose?: boolean }, io: CliIo): Promise<number> {
  const outdir = join(ROOT, 'dist');
  for (const fn of FUNCTIONS) {
    const packaged = values['no-zip'] === true ? null : await packageFunction(fn, outdir);
    const result = packaged?.bundle ?? (await bundleFunction(fn, outdir));
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    io.stdout(`${relative(ROOT, result.file)}  ${kb(result.bytes)} (${result.bytes} bytes)\n`);
    if (values.verbose === true) for (const [part, bytes] of bundleComposition(result.metafile)) io.stdout(`  ${part.padEnd(32)} ${kb(bytes)}\n`);
    if (packaged !== null) io.stdout(`${relative(ROOT, packaged.zipFile)}  ${kb(packaged.zip.length)} (${packaged.zip.length} bytes)\n`);
  }
  return 0;
}

const buildLike = (name: string, summary: string): CliCommand =>
  cliCommand({
    name,
    summary,
    usage: usage(name),
    main: async (args, io) => {
      const { values } = parseCli(args, { options: { 'no-zip': { type: 'boolean' }, verbose: { type: 'boolean' } } });
      return build(values, io);
    },
  });

export const buildCommand = buildLike('build', 'esbuild bundle dist/reset-instances/index.js and the deployable zip');
export const packageCommand = buildLike('package', 'the same as build: the bundle and dist/reset-instances.zip, the package SCF deploys');
