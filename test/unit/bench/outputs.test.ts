/** `npm run bench` writes its own outputs only (the bench itself takes minutes: its writer is tested alone). */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_OUTPUTS, writeBenchOutputs } from '../../../bench/outputs';
import { ROOT } from '../../support/process';

function files(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

describe('bench outputs', () => {
  it('writes bench/results.json, bench/results.md and the table in docs/benchmarks.md, and nothing else (never the README)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ecm-reset-bench-out-'));
    try {
      mkdirSync(join(root, 'bench'));
      mkdirSync(join(root, 'docs'));
      copyFileSync(join(ROOT, 'docs/benchmarks.md'), join(root, 'docs/benchmarks.md'));
      writeFileSync(join(root, 'README.md'), 'front page\n');
      const before = files(root);
      await new Promise((r) => setTimeout(r, 20));
      await writeBenchOutputs(root, '| metric | value |\n| --- | --- |\n| x | 1 |', { rows: [] }, () => {});
      const after = files(root);
      const changed = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
      expect(changed.sort()).toEqual([...BENCH_OUTPUTS].sort());
      expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('front page\n');
      expect(readFileSync(join(root, 'docs/benchmarks.md'), 'utf8')).toContain('| x | 1 |');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the bench calls only that writer', () => {
    const source = readFileSync(join(ROOT, 'bench/run.ts'), 'utf8');
    expect(source).not.toMatch(/writeFile|README/);
    expect(source).toContain('writeBenchOutputs(ROOT');
  });
});
