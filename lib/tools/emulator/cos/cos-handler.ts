import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallDraft } from '../call-log';
import { redactParams } from '../call-log';
import type { ActiveFault } from '../faults';
import { describeFault } from '../faults';
import { BodyTooLargeError, readBody, splitTarget } from '../http-io';
import type { EmulatorRuntime } from '../runtime';
import type { CosAction, CosCall, CosReply } from './cos-actions';
import { cosActionOf, runCosAction } from './cos-actions';
import { verifyCosRequest } from './cos-auth';
import { CosError, errorXml } from './cos-error';

/** Where a `*.myqcloud.com` request with `cos` in its Host goes. */
export type CosTarget =
  | { readonly kind: 'bucket'; readonly bucket: string; readonly region: string }
  | { readonly kind: 'path-style'; readonly region: string }
  | { readonly kind: 'other'; readonly host: string };

/**
 * COS's host for a request, or null when it is not COS: `<BucketName-APPID>.cos.<region>.myqcloud.com`
 * (COS doc 436/6224); path style `cos.<region>.myqcloud.com` is recognised only to be refused.
 */
export function cosTargetOf(hostHeader: string | undefined): CosTarget | null {
  const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
  if (!host.endsWith('.myqcloud.com') || !(host.includes('.cos.') || host.startsWith('cos.'))) return null;
  const virtual = /^([a-z0-9-]+)\.cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host);
  if (virtual?.[1] !== undefined && virtual[2] !== undefined) return { kind: 'bucket', bucket: virtual[1], region: virtual[2] };
  const pathStyle = /^cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host);
  if (pathStyle?.[1] !== undefined) return { kind: 'path-style', region: pathStyle[1] };
  return { kind: 'other', host };
}

type Outcome =
  | { readonly kind: 'reply'; readonly reply: CosReply }
  | { readonly kind: 'error'; readonly error: CosError }
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'drop' };

interface Progress {
  action: CosAction | null;
  region: string | null;
  params: unknown;
  secretId: string | null;
  fault: ActiveFault | null;
}

/** A request id shaped like COS's (base64 text). */
const cosRequestId = (): string => Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64').replace(/=+$/, '');

/** Handles one COS XML API request: route, authenticate, authorize, throttle, run, answer, log. */
export async function handleCosRequest(req: IncomingMessage, res: ServerResponse, rt: EmulatorRuntime, target: CosTarget): Promise<void> {
  const requestId = cosRequestId();
  const started = rt.wallNow();
  const progress: Progress = { action: null, region: target.kind === 'other' ? null : target.region, params: null, secretId: null, fault: null };
  let outcome: Outcome;
  try {
    outcome = await processCos(req, rt, target, progress);
  } catch (error) {
    if (!(error instanceof CosError)) throw error;
    outcome = { kind: 'error', error };
  }
  deliver(req, res, outcome, requestId);
  const error = outcome.kind === 'error' ? { code: outcome.error.code, message: outcome.error.message } : null;
  const call: CallDraft = {
    time: new Date(started).toISOString(),
    service: 'cos',
    action: progress.action,
    version: null,
    region: progress.region,
    params: progress.params,
    secretId: progress.secretId,
    requestId,
    httpStatus:
      outcome.kind === 'drop' ? null : outcome.kind === 'http' ? outcome.status : outcome.kind === 'error' ? outcome.error.status : outcome.reply.status,
    error,
    fault: progress.fault === null ? null : describeFault(progress.fault),
    durationMs: rt.wallNow() - started,
  };
  rt.calls.record(call);
  rt.logger?.info(`cos.${call.action ?? '?'} -> ${error?.code ?? (call.httpStatus === null ? 'dropped' : String(call.httpStatus))}`, {
    secretId: call.secretId,
    requestId,
    fault: call.fault,
  });
}

async function processCos(req: IncomingMessage, rt: EmulatorRuntime, target: CosTarget, progress: Progress): Promise<Outcome> {
  if (target.kind === 'path-style') {
    // Buckets created after 2024-01-01 refuse path-style domains (COS doc 436/102489).
    throw new CosError('PathStyleDomainForbidden', 'The bucket you are attempting to access must be addressed using COS virtual-styled domain.');
  }
  if (target.kind === 'other')
    throw new CosError('NotImplemented', `the emulator serves only <BucketName-APPID>.cos.<region>.myqcloud.com, not ${target.host}`);
  const { path: rawPath, query: rawQuery } = splitTarget(req.url ?? '/');
  const path = decoded(rawPath);
  const query = new Map<string, string>();
  for (const part of rawQuery === '' ? [] : rawQuery.split('&')) {
    const eq = part.indexOf('=');
    query.set(decoded(eq === -1 ? part : part.slice(0, eq)), eq === -1 ? '' : decoded(part.slice(eq + 1)));
  }
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new CosError('EntityTooLarge', `the emulator takes bodies of at most 10 MB: ${error.message}`);
    throw error;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const call: CosCall = {
    method,
    bucketName: target.bucket,
    region: target.region,
    key: path === '/' ? null : path.slice(1),
    query,
    headers: req.headers,
    body,
  };
  progress.params = logParams(call);
  const action = cosActionOf(call);
  progress.action = action;

  const state = rt.state();
  const credential = verifyCosRequest({ method, path, query, headers: req.headers, credentials: state.credentials, now: rt.wallNow() });
  progress.secretId = credential.secretId;
  if (credential.deny.some((entry) => entry === '*' || entry === 'cos:*' || entry === `cos:${action}`)) {
    throw new CosError('AccessDenied', `these credentials may not call cos:${action}`);
  }
  // COS allows thousands of requests a second per bucket (COS doc 436/14518): throttled only when the seed says so.
  const limit = state.seed.rateLimits[`cos:${action}`];
  if (limit !== undefined && !rt.rateLimiter.tryAcquire(`${credential.secretId} cos:${action}`, limit, rt.wallNow())) {
    throw new CosError('SlowDown', `more than ${limit} ${action} requests in one second`);
  }

  const before = rt.faults.take('cos', action, 'before');
  if (before !== undefined) {
    progress.fault = before;
    const injected = await applyFault(before, rt);
    if (injected !== null) return injected;
  }
  let outcome: Outcome;
  try {
    outcome = { kind: 'reply', reply: runCosAction(action, call, { store: state.cos, credential, now: rt.now() }) };
  } catch (error) {
    if (!(error instanceof CosError)) throw error;
    outcome = { kind: 'error', error };
  }
  const after = rt.faults.take('cos', action, 'after');
  if (after !== undefined) {
    progress.fault = after;
    const injected = await applyFault(after, rt);
    if (injected !== null) return injected;
  }
  return outcome;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new CosError('InvalidURI', `the request URI is not valid percent-encoded UTF-8: ${text.slice(0, 100)}`);
  }
}

/** Bucket, Key, the query and what a PUT sends; a body only when it is short (≤ 200 characters). */
function logParams(call: CosCall): unknown {
  const params: Record<string, unknown> = { Bucket: call.bucketName, ...(call.key === null ? {} : { Key: call.key }), ...Object.fromEntries(call.query) };
  if (call.method === 'PUT' && call.key !== null) {
    params['ContentLength'] = call.body.length;
    if (call.headers['x-cos-forbid-overwrite'] !== undefined) params['ForbidOverwrite'] = call.headers['x-cos-forbid-overwrite'];
    const text = call.body.toString('utf8');
    if (text.length <= 200) params['Body'] = text;
  }
  return redactParams(params);
}

/** Waits out a delay, then returns the fault's replacement outcome (null: answer normally). */
async function applyFault(fault: ActiveFault, rt: EmulatorRuntime): Promise<Outcome | null> {
  if (fault.delayMs !== undefined && !(await rt.sleep(fault.delayMs))) return { kind: 'drop' };
  if (fault.dropConnection === true) return { kind: 'drop' };
  if (fault.httpStatus !== undefined) return { kind: 'http', status: fault.httpStatus };
  if (fault.code !== undefined) return { kind: 'error', error: new CosError(fault.code, fault.message ?? `fault injected by the emulator (${fault.code})`) };
  return null;
}

function deliver(req: IncomingMessage, res: ServerResponse, outcome: Outcome, requestId: string): void {
  if (outcome.kind === 'drop') return void req.socket.destroy();
  if (res.writableEnded || res.destroyed) return;
  const head = req.method === 'HEAD';
  const ids = { 'x-cos-request-id': requestId };
  if (outcome.kind === 'http') {
    const text = `fault injected by the emulator: HTTP ${outcome.status}\n`;
    res.writeHead(outcome.status, { ...ids, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    return void res.end(head ? undefined : text);
  }
  if (outcome.kind === 'error') {
    const traceId = cosRequestId();
    const resource = `${req.headers.host ?? ''}${splitTarget(req.url ?? '/').path}`;
    // A HEAD answer has no body, so its error shows only in the status (HEAD Object, COS doc 436/7745).
    const xml = head ? '' : errorXml(outcome.error, resource, requestId, traceId);
    res.writeHead(outcome.error.status, { ...ids, 'x-cos-trace-id': traceId, 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
    return void res.end(xml);
  }
  const { reply } = outcome;
  res.writeHead(reply.status, { ...reply.headers, ...ids, ...(reply.status === 204 ? {} : { 'Content-Length': Buffer.byteLength(reply.body) }) });
  res.end(head ? undefined : reply.body);
}
