/**
 * The local stand-in for the function's HTTP entry: a node:http server that turns each request to
 * one of the function's routes into the event SCF's function URL builds (or, with `shape: 'apigw'`,
 * the legacy API Gateway trigger's; see http-events.ts) and writes the function's answer back: an
 * integrated response (`statusCode`, `headers`, `body`), or for a function URL any other JSON as
 * 200. The function therefore runs the same HTTP code path as when deployed. Other paths go to
 * `fallback` (the console).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRequestId, functionRoute, toApiGatewayEvent, toFunctionUrlEvent } from './http-events';

export { FUNCTION_ROUTES, functionRoute, isTextBody, type RawRequest, toApiGatewayEvent, toFunctionUrlEvent } from './http-events';

/** API Gateway's own limit (SCF limits, doc 583/11637); larger requests never reach the function. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

export type ScfHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface ApiGatewayServerOptions {
  handler: ScfHandler;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Fields of SCF's `context` besides request_id (function_name, time_limit_in_ms, …). */
  context: Readonly<Record<string, string | number>>;
  /** Serves every path that is not a function route. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** One line per function request, for the terminal. */
  log?: (line: string) => void;
  /** The event the function gets: the function URL's (default) or the legacy API Gateway trigger's. */
  shape?: 'function-url' | 'apigw';
}

export interface ApiGatewayServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface IntegratedResponse {
  isBase64Encoded: boolean;
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: string;
}

function isIntegratedResponse(value: unknown): value is IntegratedResponse {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const headersOk =
    r['headers'] === undefined ||
    (typeof r['headers'] === 'object' &&
      r['headers'] !== null &&
      Object.values(r['headers']).every((h) => typeof h === 'string' || (Array.isArray(h) && h.every((x) => typeof x === 'string'))));
  return typeof r['isBase64Encoded'] === 'boolean' && Number.isInteger(r['statusCode']) && typeof r['body'] === 'string' && headersOk;
}

/** What API Gateway answers when the function's return value is not an integrated response. */
const INVALID_FORMAT = { errno: 403, error: 'Invalid scf response format. please check your scf response format.' };

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Starts the local API Gateway on loopback. */
export async function startApiGateway(options: ApiGatewayServerOptions): Promise<ApiGatewayServer> {
  const log = options.log ?? (() => {});
  const invokeFunction = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const started = Date.now();
    const body = await readBody(req);
    if (body === null) {
      sendJson(res, 413, { errno: 413, error: 'request entity too large' });
      return;
    }
    const requestId = apiRequestId();
    const toEvent = options.shape === 'apigw' ? toApiGatewayEvent : toFunctionUrlEvent;
    const event = toEvent(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      },
      requestId,
    );
    let answer: unknown;
    try {
      answer = await options.handler(event, { ...options.context, request_id: randomUUID() });
    } catch (error) {
      // SCF turns a thrown error into a failed invocation; API Gateway answers 5xx with its message.
      const message = error instanceof Error ? error.message : String(error);
      log(`${req.method ?? ''} ${url.pathname} -> 502 function error: ${message}`);
      sendJson(res, 502, { errno: 502, error: message });
      return;
    }
    if (!isIntegratedResponse(answer) && options.shape !== 'apigw') {
      // A function URL answers any other JSON value as it is, 200 (SCF doc 583/96099).
      sendJson(res, 200, answer);
      log(`${req.method ?? ''} ${url.pathname} -> 200 (${Date.now() - started} ms)`);
      return;
    }
    if (!isIntegratedResponse(answer)) {
      log(`${req.method ?? ''} ${url.pathname} -> invalid integrated response`);
      sendJson(res, 502, INVALID_FORMAT);
      return;
    }
    res.writeHead(answer.statusCode, { ...answer.headers, ...(options.shape === 'apigw' ? { 'x-api-requestid': requestId } : {}) });
    res.end(answer.isBase64Encoded ? Buffer.from(answer.body, 'base64') : answer.body);
    log(`${req.method ?? ''} ${url.pathname} -> ${answer.statusCode} (${Date.now() - started} ms)`);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const handled =
      functionRoute(url.pathname) !== null
        ? invokeFunction(req, res, url)
        : options.fallback
          ? options.fallback(req, res)
          : Promise.resolve(sendJson(res, 404, { errno: 404, error: `no API at ${url.pathname}` }));
    handled.catch((error: unknown) => {
      log(`${req.method ?? ''} ${url.pathname} -> 500 ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'Internal', message: 'the local stack failed; see its output' } });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
