/**
 * `npm run build` and `npm run package`: one esbuild bundle per function, dist/<function>/index.js,
 * runnable with no node_modules, and dist/<function>.zip with index.js at its root, the package
 * SCF deploys (DESIGN: build = bundle + zip; package = the zip). `--no-zip` skips the zip.
 */
import { join, relative } from 'node:path';
import { bundleComposition, bundleFunction, FUNCTIONS, ROOT } from './bundle';
import { packageFunction } from './package';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(argv: readonly string[]): Promise<void> {
  const zip = !argv.includes('--no-zip');
  const verbose = argv.includes('--verbose');
  const outdir = join(ROOT, 'dist');
  for (const fn of FUNCTIONS) {
    const packaged = zip ? await packageFunction(fn, outdir) : null;
    const result = packaged?.bundle ?? (await bundleFunction(fn, outdir));
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    console.log(`${relative(ROOT, result.file)}  ${kb(result.bytes)} (${result.bytes} bytes)`);
    if (verbose) for (const [part, bytes] of bundleComposition(result.metafile)) console.log(`  ${part.padEnd(32)} ${kb(bytes)}`);
    if (packaged !== null) console.log(`${relative(ROOT, packaged.zipFile)}  ${kb(packaged.zip.length)} (${packaged.zip.length} bytes)`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
