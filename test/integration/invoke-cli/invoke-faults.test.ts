/** `invoke` against a running emulator (RESET_API_ENDPOINT) with a fault injected: the call says so. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, DEMO_SEED_PATH, type Emulator, loadSeed } from '../../../lib/tools/emulator/index';
import { cleanEnv, runProcess } from '../../support/process';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator({ seed: await loadSeed(DEMO_SEED_PATH), port: 0 });
});
afterAll(() => emulator?.close());

describe('invoke against RESET_API_ENDPOINT', () => {
  it('prints each call’s HTTP status, error and injected fault; a request the cloud failed exits 1', async () => {
    const fault = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'DescribeInstances', httpStatus: 503, times: 10 }),
    });
    expect(fault.status).toBe(201);
    const r = await runProcess(process.execPath, ['lib/tools/cli/bin.mjs', 'invoke', '--event', '-'], {
      env: cleanEnv({ RESET_API_ENDPOINT: emulator.url }),
      input: JSON.stringify({ instanceIds: ['ein-aaaaaaaa'], reason: 'fault' }),
    });
    const out = JSON.parse(r.stdout) as { response: { type: string }; calls: { action: string; httpStatus: number | null; fault?: string; error?: unknown }[] };
    const describe = out.calls.filter((c) => c.action === 'DescribeInstances');
    expect(describe.length).toBeGreaterThan(0);
    for (const c of describe) expect(c).toMatchObject({ httpStatus: 503, fault: expect.stringContaining('httpStatus=503') });
    expect(out.calls.some((c) => c.action === 'ResetInstances')).toBe(false);
    expect(out.response.type).toBe('reset.failed');
    expect(r.code).toBe(1);
  });
});
