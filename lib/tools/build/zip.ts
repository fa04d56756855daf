/**
 * The deployable zip, written by fflate (maintained, no dependencies, 8 kB; tooling only, it never
 * ships in the function). Deterministic for idempotent deploys: every entry has the same fixed
 * modification time and Unix mode, and files keep their given order, so the same bundle gives
 * the same bytes (and the same CodeSha256) on any machine, in any time zone.
 */
import { type ZipAttributes, zipSync } from 'fflate';

/** One file of a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, e.g. `index.js`. */
  name: string;
  data: Buffer;
  /** Unix permission bits; SCF only needs the file to be readable. */
  mode?: number;
}

/**
 * 2000-01-01 00:00 as the zip stores it (MS-DOS time, which has no zone): fflate reads the Date's
 * local fields, so it is built from local fields too, the same stored value whatever TZ says.
 */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
/** "Made by" Unix, so the external attributes carry the file mode. */
const UNIX = 3;

/**
 * A zip archive of the given files, deflated at level 9.
 * @example
 * writeFileSync('dist/reset-instances.zip', createZip([{ name: 'index.js', data: readFileSync(bundle) }]));
 */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const files: Record<string, [Uint8Array, ZipAttributes & { level: 9 }]> = {};
  for (const entry of entries) {
    // Regular file (0o100000) with its permissions, in the high 16 bits as Info-ZIP writes them.
    const attrs = (((entry.mode ?? 0o644) | 0o100000) << 16) >>> 0;
    files[entry.name] = [entry.data, { level: 9, mtime: FIXED_MTIME, os: UNIX, attrs }];
  }
  return Buffer.from(zipSync(files));
}
