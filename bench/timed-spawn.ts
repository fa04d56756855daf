import { spawnSync } from 'node:child_process';

export interface TimedRun {
  /** Parent wall clock around spawnSync: process start to exit. */
  wallMs: number;
  /** What the child printed after `@@`, if anything (e.g. its own measurement). */
  reported: string | null;
}

/** Runs `node -e <code>` to completion and times it from the outside. */
export function timedNode(code: string, options: { cwd: string; env: Record<string, string> }): TimedRun {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code], { cwd: options.cwd, env: { PATH: process.env['PATH'] ?? '', ...options.env }, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`node -e failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const m = /@@(\S+)\s*$/.exec(r.stdout);
  return { wallMs, reported: m?.[1] ?? null };
}

/** Code for `node -e` that requires `target` and prints `@@<ms the require took>`. */
export const timedRequire = (target: string): string =>
  `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write('\\n@@'+(Number(process.hrtime.bigint()-t)/1e6))`;
