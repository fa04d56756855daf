import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_PACKAGE_JSON, type BundleResult, bundleFunction, type FunctionBundle } from './bundle';
import { createZip } from './zip';

export interface FunctionPackage {
  readonly bundle: BundleResult;
  /** The code package SCF deploys: index.js (and package.json) at its root. */
  readonly zip: Buffer;
  /** Where it was written: `<outdir>/<function>.zip`. */
  readonly zipFile: string;
}

/**
 * Bundles one function and zips it, as `npm run package` does and `npm run deploy` uploads: the same
 * bundle gives the same zip (fixed timestamps), so an unchanged function deploys no new code.
 */
export async function packageFunction(fn: FunctionBundle, outdir: string): Promise<FunctionPackage> {
  const bundle = await bundleFunction(fn, outdir);
  const zip = createZip([
    { name: 'index.js', data: await readFile(bundle.file) },
    { name: 'package.json', data: Buffer.from(BUNDLE_PACKAGE_JSON) },
  ]);
  const zipFile = join(outdir, `${fn.name}.zip`);
  await writeFile(zipFile, zip);
  return { bundle, zip, zipFile };
}
