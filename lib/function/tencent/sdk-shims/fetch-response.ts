import type * as http from 'node:http';
import { finished, type Readable } from 'node:stream';
import { nodeZlib } from '../../kernel/node-modules';
import { FetchError, type FetchHeaders, type FetchResponse } from './fetch-types';

export function headersOf(raw: http.IncomingHttpHeaders): FetchHeaders {
  const get = (name: string): string | null => {
    const value = raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  return { get, has: (name) => get(name) !== null };
}

export interface Head {
  status: number;
  statusText: string;
  headers: FetchHeaders;
}

/** The response head arrived: the body is read at once (so a keep-alive socket goes back to
 * the pool even when nobody reads an error body), except for an event stream. */
export function toResponse(url: string, head: Head, body: Readable, timeout: number, cancel: () => void): FetchResponse {
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
export function decoded(res: http.IncomingMessage, coding: string | undefined): Readable {
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
