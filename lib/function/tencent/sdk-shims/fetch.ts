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
 */
import type * as http from 'node:http';
import { finished, Readable } from 'node:stream';
import { nodeHttp, nodeHttps, nodeTls, nodeZlib } from '../lazy-node-modules';

export interface FetchOptions {
  method?: string;
  headers?: Record<string, string | number | undefined>;
  body?: string | Buffer;
  /** Milliseconds; 0 or absent for none. */
  timeout?: number;
  agent?: http.Agent | ((url: URL) => http.Agent);
  proxy?: string;
  signal?: AbortSignal;
}

export interface FetchHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface FetchResponse {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: FetchHeaders;
  /** The body stream; read it through json()/text() unless it is an event stream. */
  readonly body: Readable;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** node-fetch's error type: `name` FetchError, a `type`, and the system error's `code`. */
export class FetchError extends Error {
  readonly type: string;
  readonly code: string | undefined;
  readonly errno: string | undefined;

  constructor(message: string, type: string, systemError?: NodeJS.ErrnoException) {
    super(message);
    this.name = 'FetchError';
    this.type = type;
    this.code = systemError?.code;
    this.errno = systemError?.code;
  }
}

export class AbortError extends Error {
  readonly type = 'aborted';

  constructor(message: string) {
    super(message);
    this.name = 'AbortError';
  }
}

function headersOf(raw: http.IncomingHttpHeaders): FetchHeaders {
  const get = (name: string): string | null => {
    const value = raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  return { get, has: (name) => get(name) !== null };
}

interface Head {
  status: number;
  statusText: string;
  headers: FetchHeaders;
}

/** The response head arrived: the body is read at once (so a keep-alive socket goes back to
 * the pool even when nobody reads an error body), except for an event stream. */
function toResponse(url: string, head: Head, body: Readable, timeout: number, cancel: () => void): FetchResponse {
  const streaming = head.headers.get('content-type') === 'text/event-stream';
  const chunks: Buffer[] = [];
  let failure: Error | null = null;
  let ended = false;
  const waiters: (() => void)[] = [];
  if (!streaming) {
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    // `finished` also reports a socket closed mid-body ("Premature close", "aborted").
    finished(body, (err) => {
      if (err) failure = err;
      else ended = true;
      for (const w of waiters.splice(0)) w();
    });
  }
  let consumed = false;
  const text = (): Promise<string> => {
    if (streaming || consumed) return Promise.reject(new TypeError(`body used already for: ${url}`));
    consumed = true;
    return new Promise<string>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        if (failure !== null) reject(new FetchError(`Invalid response body while trying to fetch ${url}: ${failure.message}`, 'system', failure));
        else resolve(Buffer.concat(chunks).toString());
      };
      if (failure !== null || ended) return done();
      if (timeout > 0) {
        timer = setTimeout(() => {
          waiters.splice(0);
          reject(new FetchError(`Response timeout while trying to fetch ${url} (over ${timeout}ms)`, 'body-timeout'));
          cancel();
        }, timeout);
      }
      waiters.push(done);
    });
  };
  return {
    url,
    status: head.status,
    statusText: head.statusText,
    ok: head.status >= 200 && head.status < 300,
    headers: head.headers,
    body,
    text,
    json: () =>
      text().then((t) => {
        try {
          return JSON.parse(t) as unknown;
        } catch (err) {
          throw new FetchError(`invalid json response body at ${url} reason: ${(err as Error).message}`, 'invalid-json');
        }
      }),
  };
}

/** gzip/deflate/br like node-fetch; zlib is loaded only when a server actually compresses. */
function decoded(res: http.IncomingMessage, coding: string | undefined): Readable {
  if (coding === undefined || res.statusCode === 204 || res.statusCode === 304) return res;
  const create = (): import('node:stream').Transform | null => {
    const zlib = nodeZlib();
    const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip(flush);
    if (coding === 'deflate' || coding === 'x-deflate') return zlib.createUnzip(flush);
    if (coding === 'br') return zlib.createBrotliDecompress();
    return null;
  };
  const decoder = create();
  if (decoder === null) return res;
  res.on('error', (err) => decoder.destroy(err));
  res.pipe(decoder);
  return decoder;
}

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
