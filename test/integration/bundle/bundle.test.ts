import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '../../../lib/tools/build/run-bundle';
import { usedActions } from '../../../lib/tools/build/used-actions';
import { type BuiltBundle, buildBundleInTemp } from '../../support/bundle';
import { type StartedEmulator, startEmulator } from '../../support/emulator';
import { DEMO_KEYS, demoEnv } from '../../support/function';

/** The function's environment against an emulator (the test harness's defaults). */
const bundleEnv = (emu: StartedEmulator, extra: Record<string, string> = {}): Record<string, string> => ({ ...demoEnv(emu), ...extra });

describe('the bundle (dist/reset-instances/index.js) run like SCF runs it', () => {
  let bundle: BuiltBundle;
  let emu: StartedEmulator;
  beforeAll(async () => {
    bundle = await buildBundleInTemp();
    emu = await startEmulator({ resetDurationMs: 0 });
  });
  afterAll(async () => {
    await emu.close();
    bundle.remove();
  });

  it('is CommonJS that requires only node builtins, and nothing resolves the SDK from where it runs', () => {
    const source = readFileSync(bundle.file, 'utf8');
    const required = [...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(required.filter((r) => !builtins.has(r))).toEqual([]);
    expect(() => createRequire(bundle.file).resolve('tencentcloud-sdk-nodejs')).toThrow();
    expect(() => createRequire(bundle.file).resolve('node-fetch')).toThrow();
    expect(source).not.toMatch(/node-fetch|whatwg-url|mime-db/);
    expect(dirname(bundle.file)).toBe(join(bundle.dir, 'reset-instances'));
    expect(bundle.bytes).toBeGreaterThan(0);
  });

  it("keeps the SDK clients' wrappers of exactly the actions the adapters call with client.request('Action', …)", () => {
    const source = readFileSync(bundle.file, 'utf8');
    // A generated wrapper, minified: async ResetInstances(e,t){return this.request("ResetInstances",e,t)}
    const kept = [...source.matchAll(/async (\w+)\(\w+,\w+\)\{return this\.request(?:OctetStream)?\("\w+"/g)].map((m) => m[1]);
    expect(new Set(kept)).toEqual(usedActions(fileURLToPath(new URL('../../../lib/function/tencent', import.meta.url))));
    expect(kept).toHaveLength(new Set(kept).size);
  });

  it('loads as CommonJS even below a package.json that says "type": "module" (like this repository)', () => {
    const esmRoot = mkdtempSync(join(tmpdir(), 'ecm-reset-esm-'));
    try {
      writeFileSync(join(esmRoot, 'package.json'), '{ "type": "module" }');
      mkdirSync(join(esmRoot, 'reset-instances'));
      for (const f of ['index.js', 'package.json']) copyFileSync(join(dirname(bundle.file), f), join(esmRoot, 'reset-instances', f));
      const out = execFileSync(
        process.execPath,
        ['-e', 'process.stdout.write("@@" + typeof require(process.argv[1]).main_handler)', join(esmRoot, 'reset-instances', 'index.js')],
        { encoding: 'utf8' },
      );
      // (Without configuration the cold start logs its config error first; loading still works.)
      expect(out.endsWith('@@function')).toBe(true);
    } finally {
      rmSync(esmRoot, { recursive: true, force: true });
    }
  });

  it('answers 202 and publishes reset.accepted for five invocations, the warm ones on kept-alive connections', async () => {
    const env = bundleEnv(emu, { RESET_COOLDOWN: '0', RESET_ESCALATE_AFTER: '20' });
    const connections: number[] = [];
    const published = emu.emulator.messages.length;
    const events = Array.from({ length: 5 }, (_, n) => ({
      signed: { key: DEMO_KEYS[0], body: { instanceIds: ['ein-web00003'], reason: `bundle test ${n}` } },
    }));
    const run = await runBundle(bundle.file, { events, stepped: true }, env, {
      beforeEach: () => {
        connections.push(emu.emulator.stats.connections);
      },
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.answers).toHaveLength(5);
    for (const a of run.answers) {
      const res = a.response as { statusCode: number; body: string };
      expect(res.statusCode).toBe(202);
      expect(JSON.parse(res.body)).toMatchObject({ type: 'reset.accepted', results: [{ instanceId: 'ein-web00003', status: 'accepted' }] });
    }
    const messages = emu.emulator.messages.slice(published).map((m) => JSON.parse(m.content) as { type: string });
    expect(messages.map((m) => m.type)).toEqual(Array(5).fill('reset.accepted'));
    // The first invocation opened the connections, one per request in flight at once at most: the
    // recall of the request's outcome (COS GetObject), the ledger's read (its checkpoint, then the
    // entries after it) and DescribeInstances run side by side. The four warm ones opened none.
    const opened = (connections[1] ?? 0) - (connections[0] ?? 0);
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(4);
    expect(emu.emulator.stats.connections).toBe(connections[1]);
    // The function's logs are JSON lines and never carry the password.
    expect(run.logs.length).toBeGreaterThan(0);
    expect(run.logs.join('\n')).not.toContain('Demo-Reset#2024x');
  });

  it('answers a bad configuration with the config error, as the unbundled function does', async () => {
    const run = await runBundle(
      bundle.file,
      { events: [{ signed: { key: DEMO_KEYS[0], body: { instanceIds: ['ein-web00003'], reason: 'x' } } }] },
      { RESET_TOPIC: 'ecm-reset-results' },
    );
    const res = run.answers[0]?.response as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'Config.Invalid' } });
  });
});
