import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';

/**
 * Node's network modules, loaded on first use: a cold start loads only what the configured endpoint
 * needs (`https` and `tls` are a third of the bundle's load time, and the emulator speaks plain
 * HTTP). createRequire works the same in the ESM sources and in the CommonJS bundle; for built-in
 * modules the base path does not matter.
 */
const load = createRequire('/');

export const nodeHttp = (): typeof Http => load('node:http') as typeof Http;
export const nodeHttps = (): typeof Https => load('node:https') as typeof Https;
export const nodeTls = (): typeof Tls => load('node:tls') as typeof Tls;
export const nodeZlib = (): typeof Zlib => load('node:zlib') as typeof Zlib;
