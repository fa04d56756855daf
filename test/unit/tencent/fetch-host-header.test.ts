import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shimFetch from '../../../lib/function/tencent/sdk-shims/fetch';
import { type ConnectProxy, startConnectProxy } from '../../support/connect-proxy';

// COS is reached at RESET_API_ENDPOINT with the bucket's virtual host in `Host` (COS doc 436/6224):
// the fetch shim must send a Host header it is given, not the endpoint's.
describe('the fetch shim sends a Host header it is given', () => {
  let server: Server;
  let base: string;
  let proxy: ConnectProxy;
  const host = 'ecm-reset-ledger-1250000000.cos.ap-guangzhou.myqcloud.com';
  beforeAll(async () => {
    server = createServer((req, res) => res.end(JSON.stringify({ host: req.headers.host ?? null })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await proxy.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('without one, Host is the URL host (as before)', async () => {
    const res = await shimFetch(`${base}/`, {});
    expect(await res.json()).toEqual({ host: base.slice('http://'.length) });
  });

  it.each([
    ['directly', {}],
    ['over a keep-alive agent', { agent: new Agent({ keepAlive: true }) }],
  ])('%s, in any letter case', async (_name, extra) => {
    for (const name of ['Host', 'host']) {
      const res = await shimFetch(`${base}/key`, { ...extra, headers: { [name]: host } });
      expect(await res.json()).toEqual({ host });
    }
  });

  it('through a CONNECT proxy: the tunnel goes to the endpoint, the request names the virtual host', async () => {
    const res = await shimFetch(`${base}/key`, { proxy: proxy.url, headers: { Host: host } });
    expect(await res.json()).toEqual({ host });
    expect(proxy.tunnels.at(-1)).toBe(base.slice('http://'.length));
  });
});
