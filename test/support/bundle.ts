import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BundleResult, bundleFunction, FUNCTIONS } from '../../lib/tools/build/bundle';

export interface BuiltBundle extends BundleResult {
  /** The temporary directory the bundle sits in (`<dir>/reset-instances/index.js`). */
  dir: string;
  remove(): void;
}

/**
 * Builds the reset-instances bundle into a fresh directory under os.tmpdir(), which has no
 * node_modules above it: the bundle must stand alone there, as in SCF.
 */
export async function buildBundleInTemp(prefix = 'ecm-reset-bundle-'): Promise<BuiltBundle> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const fn = FUNCTIONS.find((f) => f.name === 'reset-instances');
  if (fn === undefined) throw new Error('reset-instances is not built');
  const bundle = await bundleFunction(fn, dir);
  return { ...bundle, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
