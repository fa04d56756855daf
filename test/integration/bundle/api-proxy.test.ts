import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '../../../lib/tools/build/run-bundle';
import { type BuiltBundle, buildBundleInTemp } from '../../support/bundle';
import { type ConnectProxy, startConnectProxy } from '../../support/connect-proxy';
import { type StartedEmulator, startEmulator } from '../../support/emulator';
import { DEMO_KEYS, demoEnv, type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

const body = { instanceIds: ['ein-aaaaaaaa'], reason: 'through the proxy' };

describe('API calls through an HTTP proxy (RESET_API_PROXY, or the SDK’s http_proxy)', () => {
  let proxy: ConnectProxy;
  let fut: FunctionUnderTest | undefined;
  beforeAll(async () => {
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await fut?.close();
    await proxy.close();
  });

  it('the function as tests run it (the SDK’s own fetch) tunnels every call through the proxy', async () => {
    fut = await startFunction({ env: { RESET_API_PROXY: proxy.url } });
    const before = proxy.tunnels.length;
    const r = httpAnswer(await fut.invoke(signedResetEvent(body)));
    expect(r.status).toBe(202);
    expect(fut.calls('ResetInstances')).toHaveLength(1);
    const emulatorHost = new URL(fut.emu.emulator.url).host;
    const tunnels = proxy.tunnels.slice(before);
    expect(tunnels.length).toBeGreaterThanOrEqual(fut.emu.emulator.calls.length);
    expect(new Set(tunnels)).toEqual(new Set([emulatorHost]));
  });

  it('names a proxy that is not a URL as a configuration error', async () => {
    const bad = await startFunction({ env: { RESET_API_PROXY: 'proxy.internal:3128' } });
    try {
      const r = httpAnswer(await bad.invoke(signedResetEvent(body)));
      expect(r.status).toBe(500);
      expect(r.body['error']).toEqual({
        code: 'Config.Invalid',
        message: "the function's configuration is invalid: RESET_API_PROXY (the details are in the function's log)",
      });
      expect(bad.logs.join('\n')).toMatch(/RESET_API_PROXY must be a proxy URL/);
      expect(bad.emu.emulator.calls).toHaveLength(0);
    } finally {
      await bad.close();
    }
  });

  describe('the bundle (its fetch shim)', () => {
    let bundle: BuiltBundle;
    let emu: StartedEmulator;
    beforeAll(async () => {
      bundle = await buildBundleInTemp('ecm-reset-proxy-');
      emu = await startEmulator({ resetDurationMs: 0 });
    });
    afterAll(async () => {
      await emu.close();
      bundle.remove();
    });

    it('tunnels through the proxy named by http_proxy, as the SDK does', async () => {
      const before = proxy.tunnels.length;
      const run = await runBundle(bundle.file, { events: [{ signed: { key: DEMO_KEYS[0], body } }] }, { ...demoEnv(emu), http_proxy: proxy.url });
      expect(run.stderr).toBe('');
      const res = run.answers[0]?.response as { statusCode: number };
      expect(res.statusCode).toBe(202);
      expect(emu.emulator.calls.filter((c) => c.action === 'ResetInstances')).toHaveLength(1);
      const tunnels = proxy.tunnels.slice(before);
      expect(tunnels.length).toBeGreaterThanOrEqual(emu.emulator.calls.length);
      expect(new Set(tunnels)).toEqual(new Set([new URL(emu.emulator.url).host]));
    });
  });
});
