/**
 * The local console's server side: the static page under `/` and its JSON feeds under
 * `/_console/`. The page never sees the caller key: `POST /_console/reset` signs on the server
 * with the demo key and sends the request through the local HTTP entry like any caller.
 * `POST /_console/demo-reset` puts the demo back to the seed; `POST /_console/slack-response` is
 * the response_url of the banner's Slack command (the deferred outcome is logged there).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorStatus } from '../../../function/http/http-status';
import { isAppError } from '../../../function/kernel/errors';
import { callReset } from '../../client/reset-client';
import { adminClient } from '../admin-client';
import type { Timers } from '../timers';
import { type CallSummary, summariseCall } from './call-summary';
import { consoleMessage } from './console-message';

export { type ConsoleMessage, consoleMessage } from './console-message';

import type { GuardrailView } from './guardrail-view';

const STATIC: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/_console/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/_console/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** A form post is a few hundred bytes. */
const MAX_FORM_BYTES = 16 * 1024;

export interface ConsoleOptions {
  emulatorUrl: string;
  /** The local API Gateway's base URL (known once it listens). */
  apiUrl: () => string;
  /** The demo caller key, or null when the seed has none (the form then says why it is off). */
  callerKey: string | null;
  timers: Timers;
  /** What the ledger holds against each instance (cooldown, escalation, pending completion). */
  guardrails: (ids: readonly string[]) => Promise<Record<string, GuardrailView>>;
  /** Puts the emulator back to its seed (and the function's caches with it). */
  resetDemo: () => Promise<void>;
  /** Where a Slack response_url post is reported (the terminal). */
  slackResponse?: (body: unknown) => void;
}

/** One row of the fleet table. */
export interface ConsoleInstance {
  id: string;
  name: string;
  state: string;
  /** The instance's own tags (ecm-reset's bookkeeping tags are left out: the guardrails say it better). */
  tags: Record<string, string>;
  guardrails: GuardrailView;
  latestOperation: string | null;
  latestOperationState: string | null;
}

export type ConsoleCall = CallSummary;

/** Shape of what the emulator's `GET /_emulator/state` says about instances (the part we read). */
interface EmulatorInstance {
  InstanceId: string;
  InstanceName: string;
  InstanceState: string;
  TagSet: { Key: string; Value: string }[];
  LatestOperation: string | null;
  LatestOperationState: string | null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormError('the form is too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new FormError('the body is not JSON');
  }
}

class FormError extends Error {}

/** The `POST /reset` body the form describes; the function itself validates it fully. */
export function resetRequestFromForm(form: unknown): Record<string, unknown> {
  if (typeof form !== 'object' || form === null) throw new FormError('expected a JSON object');
  const f = form as Record<string, unknown>;
  const ids = Array.isArray(f['instanceIds']) ? f['instanceIds'] : String(f['instanceIds'] ?? '').split(/[\s,]+/);
  const instanceIds = ids.map((x) => String(x).trim()).filter((x) => x !== '');
  if (instanceIds.length === 0) throw new FormError('enter at least one instance id');
  const request: Record<string, unknown> = { instanceIds, reason: String(f['reason'] ?? '').trim(), requestedBy: 'console' };
  if (f['dryRun'] === true) request['dryRun'] = true;
  if (f['keepData'] === false) request['keepData'] = false;
  return request;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * A cross-site page cannot post JSON here without a CORS preflight, which this server never
 * grants; the Origin check also stops simple-request tricks from other pages, and the Host
 * check DNS rebinding (a foreign name resolving to 127.0.0.1).
 */
function sameOrigin(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  return LOOPBACK_HOST.test(host) && (origin === undefined || origin === `http://${host}`);
}

export function createConsole(options: ConsoleOptions) {
  const admin = adminClient(options.emulatorUrl);
  const staticDir = new URL('./', import.meta.url);

  const state = async (since: number) => {
    const [snapshot, messages, calls] = await Promise.all([
      fetch(new URL('/_emulator/state', options.emulatorUrl)).then((r) => r.json() as Promise<{ now: string; instances: EmulatorInstance[] }>),
      admin.messages(),
      admin.calls(since),
    ]);
    const guardrails = await options.guardrails(snapshot.instances.map((i) => i.InstanceId));
    const none: GuardrailView = { cooldownUntil: null, escalatedSince: null, pendingSince: null };
    return {
      now: snapshot.now,
      instances: snapshot.instances.map(
        (i): ConsoleInstance => ({
          id: i.InstanceId,
          name: i.InstanceName,
          state: i.InstanceState,
          tags: Object.fromEntries(i.TagSet.filter((t) => !t.Key.startsWith('ecm-reset:')).map((t) => [t.Key, t.Value])),
          guardrails: guardrails[i.InstanceId] ?? none,
          latestOperation: i.LatestOperation,
          latestOperationState: i.LatestOperationState,
        }),
      ),
      messages: messages.messages.map(consoleMessage),
      calls: calls.calls.map(summariseCall),
      lastSeq: calls.lastSeq,
      timers: options.timers.list(),
      canSign: options.callerKey !== null,
    };
  };

  return async function handleConsole(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const asset = STATIC[url.pathname];
    if (asset !== undefined && (method === 'GET' || method === 'HEAD')) {
      const body = await readFile(new URL(asset.file, staticDir));
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' }).end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (url.pathname === '/_console/state' && method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? '0');
      sendJson(res, 200, await state(Number.isInteger(since) && since >= 0 ? since : 0));
      return;
    }
    if (url.pathname === '/_console/timers' && method === 'GET') {
      sendJson(res, 200, { timers: options.timers.list() });
      return;
    }
    const posts = ['/_console/reset', '/_console/demo-reset', '/_console/slack-response'];
    if (method === 'POST' && (posts.includes(url.pathname) || url.pathname.startsWith('/_console/timers/'))) {
      if (!sameOrigin(req)) {
        sendJson(res, 403, { error: { code: 'Console.CrossOrigin', message: 'the console accepts requests from its own page only' } });
        return;
      }
      if (url.pathname === '/_console/reset') {
        await reset(req, res);
        return;
      }
      if (url.pathname === '/_console/demo-reset') {
        await options.resetDemo();
        sendJson(res, 200, { reset: true, message: 'the emulator is back to its seed and the function starts afresh' });
        return;
      }
      if (url.pathname === '/_console/slack-response') {
        options.slackResponse?.(await readJson(req).catch(() => null));
        sendJson(res, 200, { ok: true });
        return;
      }
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/_console/timers/'.length));
      } catch {
        sendJson(res, 404, { error: { code: 'Route.NotFound', message: `no timer at ${url.pathname} (the name is not valid percent-encoding)` } });
        return;
      }
      const fired = await options.timers.fire(name);
      if (isAppError(fired)) sendJson(res, errorStatus(fired), { error: { code: fired.code, message: fired.message } });
      else sendJson(res, 200, fired);
      return;
    }
    sendJson(res, 404, { error: { code: 'Route.NotFound', message: `nothing at ${method} ${url.pathname}; the console is at /` } });
  };

  async function reset(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.callerKey === null) {
      sendJson(res, 409, { error: { code: 'Console.NoKey', message: 'the seed has no caller key under RESET_AUTH_SECRET: the console cannot sign' } });
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, { error: { code: 'Console.NotJson', message: 'send the form as application/json' } });
      return;
    }
    let request: Record<string, unknown>;
    try {
      request = resetRequestFromForm(await readJson(req));
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      sendJson(res, 400, { error: { code: 'Request.Invalid', message: error.message } });
      return;
    }
    // Through the local API Gateway, signed like `npm run call`: the function cannot tell the difference.
    const answer = await callReset({ url: options.apiUrl(), key: options.callerKey, request });
    sendJson(res, 200, { request, status: answer.status, body: answer.body });
  }
}
