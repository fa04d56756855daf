import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The driver that loads a bundle like SCF does (see its header for the job format). */
export const BUNDLE_DRIVER = fileURLToPath(new URL('./bundle-driver.cjs', import.meta.url));

export type DriverEvent = { signed: { key: string; body: unknown } } | { event: unknown };

export interface DriverJob {
  events: DriverEvent[];
  repeat?: number;
  pauseMs?: number;
  timeLimitMs?: number;
  /** Leave responses out of the answer lines (large fleet answers). */
  quiet?: boolean;
  /** Wait for the parent before each invocation (see RunHooks.beforeEach). */
  stepped?: boolean;
  /** Report per invocation how long an API call was in flight (DriverAnswer.apiMs). */
  traceApi?: boolean;
  /** More fields of the SCF context, e.g. the `request_id` a redelivery repeats. */
  context?: Record<string, unknown>;
}

export interface RunHooks {
  /** Stepped jobs: runs before invocation `i` (untimed), e.g. to restore the emulator's state. */
  beforeEach?: (i: number) => Promise<void> | void;
  /** The child process, as soon as it exists (a test may kill it mid-run, as SCF does at its limit). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface DriverAnswer {
  i: number;
  /** The handler's own latency, measured in the child. */
  ms: number;
  /** traceApi: the part of `ms` during which at least one API call was in flight. */
  apiMs?: number;
  /** traceApi: round trips, i.e. stretches of time with at least one API call in flight (calls side by side count once). */
  apiWaves?: number;
  response: unknown;
  /** The handler's error message, when it threw (SCF counts the invocation failed). */
  error?: string;
  /** Parent wall clock from spawn() to this answer line. */
  sinceSpawnMs: number;
}

export interface DriverRun {
  loadMs: number;
  /** Parent wall clock from spawn() to the `@@loaded` line. */
  loadedSinceSpawnMs: number;
  answers: DriverAnswer[];
  maxRssKb: number;
  /** The function's own log lines (JSON, from stdout). */
  logs: string[];
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs `node bundle-driver.cjs <bundle> <job>` with exactly `env` as the environment (plus
 * PATH), and collects what the driver reports.
 */
export async function runBundle(bundle: string, job: DriverJob, env: Record<string, string>, hooks: RunHooks = {}): Promise<DriverRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ecm-reset-job-'));
  const jobFile = join(dir, 'job.json');
  await writeFile(jobFile, JSON.stringify(job));
  try {
    return await new Promise<DriverRun>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const since = () => Number(process.hrtime.bigint() - started) / 1e6;
      const child = spawn(process.execPath, [BUNDLE_DRIVER, bundle, jobFile], {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '', ...env },
        stdio: 'pipe',
      });
      hooks.onSpawn?.(child);
      if (!job.stepped) child.stdin.end();
      const goAhead = (i: number) => {
        Promise.resolve(hooks.beforeEach?.(i))
          .then(() => child.stdin.write('go\n'))
          .catch((error: unknown) => {
            child.kill();
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      };
      const run: DriverRun = { loadMs: NaN, loadedSinceSpawnMs: NaN, answers: [], maxRssKb: NaN, logs: [], stderr: '', exitCode: null };
      let buffered = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const at = since();
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^@@(\w+) (.*)$/.exec(line);
          if (m === null) {
            if (line !== '') run.logs.push(line);
            continue;
          }
          const value = JSON.parse(m[2] ?? 'null') as Record<string, unknown>;
          if (m[1] === 'loaded') {
            run.loadMs = Number(value['loadMs']);
            run.loadedSinceSpawnMs = at;
          } else if (m[1] === 'answer') {
            run.answers.push({
              i: Number(value['i']),
              ms: Number(value['ms']),
              ...(typeof value['apiMs'] === 'number' ? { apiMs: value['apiMs'] } : {}),
              ...(typeof value['apiWaves'] === 'number' ? { apiWaves: value['apiWaves'] } : {}),
              response: value['response'],
              ...(typeof value['error'] === 'string' ? { error: value['error'] } : {}),
              sinceSpawnMs: at,
            });
          } else if (m[1] === 'ready') {
            goAhead(Number(value['i']));
          } else if (m[1] === 'done') {
            run.maxRssKb = Number(value['maxRssKb']);
          }
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        run.stderr += chunk;
      });
      child.once('error', reject);
      child.once('close', (code) => {
        run.exitCode = code;
        resolve(run);
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
