/**
 * The CLI as a user runs it: through the bin (`node lib/tools/cli/bin.mjs`, what `npx ecm-reset`
 * runs) and through npm (`npm run -s …`), with stdout on a pipe. Only the caller's RESET_* and
 * TENCENTCLOUD_* variables are removed from the environment.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolId, withPool } from '../../../bench/context';
import { DEMO_SEED_PATH, type Seed } from '../../../lib/tools/emulator/index';
import { cleanEnv, ROOT, runProcess } from '../../support/process';

const BIN = 'lib/tools/cli/bin.mjs';
const bin = (args: string[], env: Record<string, string> = {}, input?: string) =>
  runProcess(process.execPath, [BIN, ...args], { env: cleanEnv(env), ...(input === undefined ? {} : { input }) });
const sh = (script: string, env: Record<string, string> = {}) => runProcess('bash', ['-o', 'pipefail', '-c', script], { env: cleanEnv(env) });

describe('every command: --help, usage errors, file errors', () => {
  it('lists the commands, and prints each command’s usage for --help with exit 0 (build --help builds nothing)', async () => {
    const top = await bin(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['start', 'build', 'package', 'invoke', 'event', 'emulator', 'call', 'bench']) expect(top.stdout).toContain(`  ${name} `);
    const runs = await Promise.all(['start', 'build', 'package', 'invoke', 'event', 'emulator', 'call', 'bench'].map((c) => bin([c, '--help'])));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: npx ecm-reset \w+/);
      expect(r.stderr).toBe('');
    }
    expect(runs[1]?.stdout).not.toContain('dist/reset-instances/index.js  ');
  });

  it('an unknown command or option: the usage on stderr, exit 2 (npm run -s and the bin alike)', async () => {
    const [unknown, option, viaNpm] = await Promise.all([
      bin(['strat']),
      bin(['start', '--prot', '3001']),
      runProcess('npm', ['run', '-s', 'start', '--', '--prot', '3001'], { env: cleanEnv() }),
    ]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown command "strat"; did you mean "start"?');
    for (const r of [option, viaNpm]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('unknown option --prot; did you mean --port?');
      expect(r.stderr).toContain('usage: npx ecm-reset start');
    }
  });

  it('a missing --seed, --env or --event file is an error naming the option (exit 2), never a raw ENOENT', async () => {
    const runs = await Promise.all([
      bin(['start', '--seed', 'nope.json']),
      bin(['start', '--env', 'nope.env']),
      bin(['invoke', '--event', 'nope.json']),
      bin(['emulator', '--seed', 'nope.json']),
      bin(['invoke', '--event', '-'], {}, ''),
    ]);
    const messages = ['--seed nope.json: no such file', '--env nope.env: no such file', '--event nope.json: no such file', '--seed nope.json: no such file'];
    for (const [i, message] of messages.entries()) {
      expect(runs[i]?.code).toBe(2);
      expect(runs[i]?.stderr).toContain(message);
      expect(runs[i]?.stderr).not.toContain('ENOENT');
    }
    expect(runs[4]).toMatchObject({ code: 2, stdout: '' });
    expect(runs[4]?.stderr).toContain('--event -: empty (nothing on stdin)');
  });
});

describe('configuration checked first', () => {
  it('npm start and invoke refuse RESET_MAX_INSTANCES=abc naming the variable, exit 1, no banner, nothing invoked', async () => {
    const env = { RESET_MAX_INSTANCES: 'abc' };
    const [start, invoke] = await Promise.all([bin(['start', '--port', '0', '--emulator-port', '0'], env), bin(['invoke', '--event', '-'], env, '{}')]);
    for (const r of [start, invoke]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('RESET_MAX_INSTANCES must be a whole number');
    }
    expect(start.stderr).toContain('nothing was started');
    expect(invoke.stderr).toContain('nothing was invoked');
  });

  it('warns about an unknown RESET_* name with the closest known one, and about a ";" in RESET_ALLOW', async () => {
    const r = await bin(
      ['invoke', '--event', '-'],
      { RESET_COOLDWN: '0', RESET_ALOW: 'x', RESET_ALLOW: 'tag:a=b;tag:c=d' },
      '{"instanceIds":["ein-aaaaaaaa"],"reason":"t"}',
    );
    expect(r.stderr).toContain('warning: RESET_COOLDWN is not a variable ecm-reset reads; did you mean RESET_COOLDOWN?');
    expect(r.stderr).toContain('warning: RESET_ALOW is not a variable ecm-reset reads; did you mean RESET_ALLOW?');
    expect(r.stderr).toContain('entries are separated by commas (tag:a=b,tag:c=d)');
    // The function logs the same, once, as config.unknown-variable.
    expect(r.stderr.match(/"event":"config.unknown-variable"/g)).toHaveLength(2);
    // The allow-list matched nothing: refused, exit 1.
    expect(r.code).toBe(1);
  });
});

describe('event | invoke on a pipe', () => {
  const parse = (stdout: string) => JSON.parse(stdout) as { response: Record<string, unknown>; published: { type: string }[]; calls: unknown[] };

  it('works through npm run -s, through the bin and through npx ecm-reset', async () => {
    const runs = await Promise.all([
      sh('npm run -s event -- alarm --instance ein-aaaaaaaa | npm run -s invoke -- --event -'),
      sh(`node ${BIN} event alarm --instance ein-aaaaaaaa --uuid | node ${BIN} invoke --event -`),
      sh('npx ecm-reset event eventbridge-alarm --instance ein-bbbbbbbb | npx ecm-reset invoke --event -'),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      const out = parse(r.stdout);
      expect(out.response).toMatchObject({ type: 'reset.accepted', status: 202 });
      expect(out.published.map((m) => m.type)).toEqual(['reset.accepted']);
    }
  });

  it('exit codes: 1 for 401, 403, a refusal and a batch with a refused record; 0 for an ignored recovery and a signed Slack command', async () => {
    const cases: [string, number][] = [
      [`node ${BIN} event function-url | node ${BIN} invoke --event -`, 1], // unsigned: 401
      [`node ${BIN} event function-url --sign --instance ein-db000001 | node ${BIN} invoke --event -`, 1], // 403
      [`node ${BIN} event invoke --instance ein-db000001 | node ${BIN} invoke --event -`, 1], // reset.rejected
      [`node ${BIN} invoke --event test/fixtures/events/cmq/queue-two-records-one-bad.json`, 1],
      [`node ${BIN} event alarm-recovered | node ${BIN} invoke --event -`, 0],
      [`node ${BIN} event slack --sign --instance ein-web00003 | node ${BIN} invoke --event -`, 0],
    ];
    const runs = await Promise.all(cases.map(([script]) => sh(script)));
    for (const [i, [script, code]] of cases.entries()) expect(runs[i]?.code, script).toBe(code);
    expect(parse(runs[0]?.stdout ?? '').response).toMatchObject({ statusCode: 401 });
    expect(parse(runs[1]?.stdout ?? '').response).toMatchObject({ statusCode: 403 });
    // Slack: answered at once, the work handed to the function's next run (SCF Invoke), which the
    // ephemeral emulator delivers to the same handler: its call and message are in the document.
    const slack = parse(runs[5]?.stdout ?? '');
    expect(String(slack.response['body'])).toContain('On it');
    expect(slack.calls).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'Invoke', httpStatus: 200 })]));
    expect(slack.published.map((m) => m.type)).toEqual(['reset.accepted']);
  });

  describe('a fleet-sized answer', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ecm-reset-cli-'));
      const seed = withPool(JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed, 'fl', 1000);
      writeFileSync(join(dir, 'seed.json'), JSON.stringify({ ...seed, rateLimitPerSecond: 1000 }));
      writeFileSync(
        join(dir, 'fleet.env'),
        'RESET_PASSWORD_SECRET=ecm-reset/root-password\nRESET_ALLOW=tag:pool=fl\nRESET_MAX_INSTANCES_TIMER=1000\nRESET_MAX_PER_HOUR=5000\n',
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reaches the end of the pipe whole: one JSON document of over 430 KB', async () => {
      const r = await sh(
        `node ${BIN} event fleet-timer --selector tag:pool=fl | node ${BIN} invoke --event - --seed ${dir}/seed.json --env ${dir}/fleet.env | cat`,
      );
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(430_000);
      const out = parse(r.stdout);
      const results = out.response['results'] as { instanceId: string; status: string }[];
      expect(results).toHaveLength(1000);
      expect(results.every((x) => x.status === 'accepted')).toBe(true);
      expect(results.at(-1)?.instanceId).toBe(poolId('fl', 1000));
    }, 120_000);
  });
});

describe('the repository root', () => {
  it('package.json names the bin and keeps npm run aliases on it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin).toEqual({ 'ecm-reset': BIN });
    for (const c of ['start', 'build', 'package', 'invoke', 'event', 'emulator', 'call', 'bench']) expect(pkg.scripts[c]).toBe(`node ${BIN} ${c}`);
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).not.toMatch(/^loglevel/m);
  });
});
