import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createZip } from '../../../lib/tools/build/zip';

/** A reader just big enough to check our writer: end record → central directory → local headers. */
function readZip(zip: Buffer): { name: string; data: Buffer; crc: number; mode: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out: { name: string; data: Buffer; crc: number; mode: number }[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(data.length).toBe(size);
    out.push({ name, data, crc, mode });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('createZip', () => {
  const js = Buffer.from(`exports.main_handler = async () => ${JSON.stringify('x'.repeat(5000))};\n`);
  const tiny = Buffer.from('1');

  it('round-trips files with their CRC and permissions', () => {
    const entries = readZip(
      createZip([
        { name: 'index.js', data: js },
        { name: 'dir/tiny.txt', data: tiny, mode: 0o600 },
      ]),
    );
    expect(entries.map((e) => e.name)).toEqual(['index.js', 'dir/tiny.txt']);
    expect(entries[0]?.data.equals(js)).toBe(true);
    expect(entries[0]?.crc).toBe(crc32(js));
    expect(entries[0]?.mode).toBe(0o100644);
    expect(entries[1]?.data.equals(tiny)).toBe(true);
    expect(entries[1]?.mode).toBe(0o100600);
  });

  it('is reproducible: the same input gives the same bytes, with the fixed time 2000-01-01 00:00 in any time zone', () => {
    expect(createZip([{ name: 'index.js', data: js }]).equals(createZip([{ name: 'index.js', data: js }]))).toBe(true);
    const zip = createZip([{ name: 'index.js', data: js }]);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt16LE(central + 12)).toBe(0); // 00:00:00
    expect(zip.readUInt16LE(central + 14)).toBe(((2000 - 1980) << 9) | (1 << 5) | 1);
    // Another zone, the same bytes (fflate reads the Date's local fields).
    const other = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./lib/tools/build/zip.ts').then(m => process.stdout.write(m.createZip([{ name: 'index.js', data: Buffer.from(${JSON.stringify(js.toString())}) }]).toString('base64')))`,
      ],
      { env: { ...process.env, TZ: 'Pacific/Kiritimati' }, encoding: 'utf8' },
    );
    expect(Buffer.from(other, 'base64').equals(zip)).toBe(true);
  });

  it.skipIf(!hasPython)("is read by Python's zipfile with index.js at the root and a clean integrity test", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecm-reset-zip-'));
    try {
      const file = join(dir, 'reset-instances.zip');
      writeFileSync(file, createZip([{ name: 'index.js', data: js }]));
      const listing = execFileSync(
        'python3',
        [
          '-c',
          'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print("\\n".join(z.namelist())); sys.stdout.write(z.read("index.js").decode())',
          file,
        ],
        { encoding: 'utf8' },
      );
      const [bad, name, ...content] = listing.split('\n');
      expect(bad).toBe('None');
      expect(name).toBe('index.js');
      expect(content.join('\n')).toBe(js.toString());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
