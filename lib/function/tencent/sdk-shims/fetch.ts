/**
 * The SDK's `common/http/fetch` for the bundle: node-fetch 2 + https-proxy-agent replaced by
 * node:http/node:https. Only what AbstractClient uses is kept (status, statusText,
 * headers.get, json, body for SSE), and every failure keeps node-fetch's message text,
 * because the SDK passes only `error.message` on and lib/function/tencent/to-cloud-error.ts classifies
 * by it:
 * - `request to <url> failed, reason: <socket error message>` (ECONNREFUSED, socket hang up, …);
 * - `network timeout at: <url>` when no response head arrived within `timeout` ms of the socket;
 * - `Response timeout while trying to fetch <url> (over <timeout>ms)` for a body that stalls;
 * - `Invalid response body while trying to fetch <url>: <message>` for a body cut short;
 * - `invalid json response body at <url> reason: <message>`;
 * - `The user aborted a request.` (AbortError) for an aborted `signal`.
 * Like the SDK's fetch.js, a proxy (`options.proxy` or `http_proxy`) is used only when no
 * agent is given; it is reached with an HTTP CONNECT tunnel, as https-proxy-agent 5 does.
 * Unlike node-fetch, redirects are not followed (Tencent Cloud API endpoints do not
 * redirect; a 3xx reaches the SDK as a non-200 answer, i.e. an error with its httpCode).
 * A `Host` header in `options.headers` is sent as given (node:http adds its own only when there is
 * none): the COS client connects to RESET_API_ENDPOINT but names the bucket's virtual host.
 */
import type * as http from 'node:http';
import { finished, Readable } from 'node:stream';
import { nodeHttp, nodeHttps, nodeTls } from '../../kernel/node-modules';
import { decoded, headersOf, toResponse } from './fetch-response';
import { AbortError, FetchError, type FetchOptions, type FetchResponse } from './fetch-types';

export type { FetchHeaders, FetchOptions, FetchResponse } from './fetch-types';
export { AbortError, FetchError } from './fetch-types';

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === '') return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * The fetch the SDK's HttpConnection calls.
 * @example
 * const res = await fetch('https://ecm.tencentcloudapi.com/', { method: 'POST', body, headers, agent, timeout: 10_000 });
 */
export default function fetch(url: string, options: FetchOptions = {}): Promise<FetchResponse> {
  return new Promise<FetchResponse>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const timeout = options.timeout ?? 0;
    const signal = options.signal;
    const agent = typeof options.agent === 'function' ? options.agent(target) : options.agent;
    const proxySetting = options.proxy || process.env['http_proxy'];
    const proxy = agent === undefined && proxySetting ? new URL(proxySetting) : null;

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
    const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (!has('accept')) headers['Accept'] = '*/*';
    if (!has('accept-encoding')) headers['Accept-Encoding'] = 'gzip,deflate';
    if (options.body !== undefined && !has('content-length')) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    if (agent === undefined && !has('connection')) headers['Connection'] = 'close';

    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let current: http.ClientRequest | null = null;
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      finish();
      reject(error);
      current?.destroy();
    };
    function onAbort() {
      fail(new AbortError('The user aborted a request.'));
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);

    const watch = (req: http.ClientRequest) => {
      current = req;
      req.on('error', (err: NodeJS.ErrnoException) => fail(new FetchError(`request to ${url} failed, reason: ${err.message}`, 'system', err)));
      if (timeout > 0 && timer === undefined) {
        req.once('socket', () => {
          timer = setTimeout(() => fail(new FetchError(`network timeout at: ${url}`, 'request-timeout')), timeout);
        });
      }
    };
    const answered = (res: http.IncomingMessage, body: Readable) => {
      if (settled) return void res.destroy();
      settled = true;
      clearTimeout(timer);
      finished(body, () => signal?.removeEventListener('abort', onAbort));
      const head = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: headersOf(res.headers) };
      resolve(toResponse(url, head, body, timeout, () => res.destroy()));
    };
    const send = (createConnection?: () => import('node:net').Socket) => {
      const base: http.RequestOptions = {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: (options.method ?? 'GET').toUpperCase(),
        headers,
      };
      const req = createConnection
        ? (secure ? nodeHttps() : nodeHttp()).request({ ...base, createConnection })
        : (secure ? nodeHttps() : nodeHttp()).request({ ...base, ...(agent === undefined ? {} : { agent }) });
      watch(req);
      req.on('response', (res) => answered(res, decoded(res, res.headers['content-encoding'])));
      req.end(options.body);
    };

    if (proxy === null) return send();

    // CONNECT host:port through the proxy, then speak HTTP(S) to the target over that tunnel.
    const authority = `${target.hostname}:${target.port || (secure ? '443' : '80')}`;
    const tunnel = (proxy.protocol === 'https:' ? nodeHttps() : nodeHttp()).request({
      hostname: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? '443' : '80'),
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...proxyAuthorization(proxy) },
      agent: false,
    });
    watch(tunnel);
    tunnel.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        // https-proxy-agent hands the proxy's refusal (407, 502, …) to the caller as the answer.
        socket.destroy();
        return answered(res, Readable.from([]));
      }
      const connection = secure ? nodeTls().connect({ socket, servername: target.hostname }) : socket;
      send(() => connection);
    });
    tunnel.end();
  });
}
