import type * as http from 'node:http';
import type { Readable } from 'node:stream';

/** The part of node-fetch's surface that the SDK's AbstractClient uses (see fetch.ts). */
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
