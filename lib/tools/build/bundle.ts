import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { sdkShimsPlugin } from './sdk-shims';

/** The repository root (this file is lib/tools/build/bundle.ts). */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** One SCF function: its TypeScript entry and where its bundle goes. */
export interface FunctionBundle {
  name: string;
  entry: string;
}

export const FUNCTIONS: readonly FunctionBundle[] = [{ name: 'reset-instances', entry: join(ROOT, 'functions/reset-instances/index.ts') }];

/** Written beside every bundle. */
export const BUNDLE_PACKAGE_JSON = '{ "type": "commonjs" }\n';

export interface BundleResult {
  name: string;
  /** Absolute path of the emitted index.js. */
  file: string;
  bytes: number;
  metafile: Metafile;
  warnings: string[];
}

/** The esbuild options every bundle of a function shares (the bench's naive baseline too). */
export const bundleOptions = (entry: string, outfile: string) =>
  ({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // SCF's Nodejs18.15 runtime (doc 583/11060).
    target: 'node18',
    // ESM entry points first: valibot's tree-shakes, CommonJS cannot.
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  }) as const satisfies BuildOptions;

/**
 * Bundles one function into `<outdir>/<name>/index.js`: CommonJS for SCF's Node.js runtime
 * (it requires index.js and calls `exports.main_handler`), no runtime node_modules, the SDK's
 * HTTP layer and helpers replaced by lib/function/tencent/sdk-shims.
 */
export async function bundleFunction(fn: FunctionBundle, outdir: string): Promise<BundleResult> {
  const file = join(outdir, fn.name, 'index.js');
  await mkdir(dirname(file), { recursive: true });
  const result = await build({ ...bundleOptions(fn.entry, file), treeShaking: true, plugins: [sdkShimsPlugin()] });
  // The bundle is CommonJS; without this, a package.json with "type": "module" above it (this
  // repository's) makes Node read index.js as ESM. SCF's zip holds it too, harmlessly.
  await writeFile(join(dirname(file), 'package.json'), BUNDLE_PACKAGE_JSON);
  const { size } = await stat(file);
  return { name: fn.name, file, bytes: size, metafile: result.metafile, warnings: result.warnings.map((w) => w.text) };
}

/** Bytes in the bundle per package (node_modules/<pkg>) or project folder, largest first. */
export function bundleComposition(metafile: Metafile): [string, number][] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const key = pkg ?? relative(ROOT, join(ROOT, input)).split('/').slice(0, 2).join('/');
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes.entries()].sort((a, b) => b[1] - a[1]);
}
