import { echo } from '../kernel/echo';
import { AppError, errorBody, toAppError } from '../kernel/errors';
import type { Invocation } from '../pipeline/invocation';
import type { Outcome } from '../pipeline/outcome';
import { releaseEscalation } from '../pipeline/release-escalation';
import { resultIdFor } from '../pipeline/result-id';
import type { AlarmIntent, RejectedIntent, RequestIntent } from '../request/intent';
import { validateRelease } from '../request/release-request';
import { isResponseUrl } from '../slack/slack-responder';
import { parseAlarmCallback } from '../triggers/alarm';
import type { HttpRequest } from '../triggers/http-request';
import { keyedIdentity } from '../triggers/keyed-identity';
import { jsonPayload, requestIntent } from '../triggers/payload';
import { verifyAlarmToken } from './alarm-token';
import { parseAuthKeys } from './auth-keys';
import { type HttpResponse, jsonResponse } from './http-response';
import { errorResponse, outcomeStatus, RELEASED_STATUS } from './http-status';
import type { ReplayGuard } from './replay-guard';
import { parseSlackForm, parseSlackText, slackReply, slackText, slackUsage } from './slack-command';
import { verifySlackSignature } from './slack-signature';
import { type VerifyV1Result, verifyV1 } from './v1-signature';

/** API Gateway accepts up to 6 MB; a reset request is a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpDeps {
  replay: ReplayGuard;
}

const ROUTES = ['reset', 'release', 'slack', 'alarm', 'health'] as const;
type Route = (typeof ROUTES)[number];

/** The route is the last path segment, so stage or service prefixes (`/release/reset`) do not matter. */
function routeOf(path: string): Route | null {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return (ROUTES as readonly string[]).includes(last) ? (last as Route) : null;
}

/**
 * What a request comes to: an answer right away (health, a refusal before authentication, a
 * release, which is no reset and ends here), or an intent for the pipeline and how to answer its
 * outcome. The handler, the one dispatcher, runs it.
 */
export type HttpRoute =
  | { kind: 'answer'; response: HttpResponse }
  | { kind: 'intent'; intent: RequestIntent | AlarmIntent | RejectedIntent; respond: (outcome: Outcome) => HttpResponse }
  /**
   * Work the caller cannot wait for (Slack gives up after 3 s): `ack` answers now, a later run of
   * the function processes `intent` and delivers its outcome to `respondTo`. `respond` answers
   * with the outcome instead where the work must run here (no function to hand it to).
   */
  | { kind: 'defer'; intent: RequestIntent; ack: HttpResponse; respondTo: { slack: string } | null; respond: (outcome: Outcome) => HttpResponse };

const fail = (e: AppError): HttpRoute => ({ kind: 'answer', response: errorResponse(e) });
const answer = (response: HttpResponse): HttpRoute => ({ kind: 'answer', response });

async function secretText(inv: Invocation, name: string): Promise<string> {
  const value = await inv.secrets.get(`secret:${name}`, () => inv.cloud.getSecretValue(name, 'SSM_Current'));
  inv.log.redact(value);
  return value;
}

async function callerKeys(inv: Invocation): Promise<string[] | AppError> {
  if (inv.config.authSecret === null) return new AppError('Auth.Unauthenticated', 'HTTP callers are not configured (RESET_AUTH_SECRET)');
  const keys = parseAuthKeys(await secretText(inv, inv.config.authSecret));
  if (keys instanceof AppError) {
    // The caller only learns that the configuration is wrong; the operator reads why here.
    inv.log.error('http.auth-keys-invalid', { secret: inv.config.authSecret, code: keys.code, message: keys.message });
    return keys;
  }
  for (const k of keys) inv.log.redact(k);
  return keys;
}

/** The JSON body of `POST /reset` answers. */
function outcomeBody(o: Outcome): unknown {
  return {
    id: o.id,
    type: o.type,
    results: o.results,
    ...(o.error ? errorBody(o.error) : {}),
    ...(o.published ? {} : { published: false }),
  };
}

/**
 * The HTTP API: authenticate first (nothing in an unauthenticated body is trusted or
 * published), then turn the request into an intent and say how to answer it in the route's format.
 */
export async function routeHttp(inv: Invocation, deps: HttpDeps, req: HttpRequest): Promise<HttpRoute> {
  const route = routeOf(req.path);
  if (route === null)
    return fail(new AppError('Route.NotFound', `no route ${echo(req.path)}; try POST /reset, POST /release, POST /slack, POST /alarm or GET /health`));
  if (route === 'health') {
    return req.method === 'GET' || req.method === 'HEAD'
      ? answer(jsonResponse(200, { status: 'ok' }))
      : fail(new AppError('Route.MethodNotAllowed', 'use GET /health'));
  }
  if (req.method !== 'POST') return fail(new AppError('Route.MethodNotAllowed', `use POST /${route}`));
  if (Buffer.byteLength(req.rawBody) > MAX_BODY_BYTES) return fail(new AppError('Request.TooLarge', `the body is larger than ${MAX_BODY_BYTES} bytes`));

  try {
    switch (route) {
      case 'reset':
        return await resetRoute(inv, deps, req);
      case 'release':
        return await releaseRoute(inv, deps, req);
      case 'slack':
        return await slackRoute(inv, deps, req);
      case 'alarm':
        return await alarmRoute(inv, req);
    }
  } catch (e) {
    const err = toAppError(e);
    inv.log.error('http.error', { route, code: err.resultCode, message: err.message });
    return fail(err);
  }
}

/**
 * The v1 signature of `POST /reset` and `POST /release`: any key of the rotation set, within the
 * clock window, not replayed. A refusal is logged with the route; the caller learns only why.
 */
async function authenticateV1(inv: Invocation, deps: HttpDeps, req: HttpRequest, route: Route): Promise<Exclude<VerifyV1Result, AppError> | AppError> {
  const keys = await callerKeys(inv);
  if (keys instanceof AppError) return keys;
  const auth = verifyV1({ headers: req.headers, rawBody: req.rawBody, keys, nowMs: inv.clock.now(), replay: deps.replay });
  if (auth instanceof AppError) inv.log.warn('http.unauthenticated', { route, sourceIp: req.sourceIp, reason: auth.message });
  return auth;
}

/** The caller the function authenticated: which key of the rotation set (never the key). */
const keyCaller = (keyIndex: number): string => `http:key-${keyIndex + 1}`;

async function resetRoute(inv: Invocation, deps: HttpDeps, req: HttpRequest): Promise<HttpRoute> {
  const auth = await authenticateV1(inv, deps, req, 'reset');
  if (auth instanceof AppError) return fail(auth);
  // A retried request with an idempotencyKey (same key, same body) is the same request; without one, the signature is.
  const body = jsonPayload(req.rawBody, 'the body');
  const identity = keyedIdentity('http', body.payload) ?? `http:sig:${auth.signature}`;
  const intent = requestIntent({ kind: 'http', id: req.requestId }, identity, body, { requestedBy: keyCaller(auth.keyIndex) });
  return { kind: 'intent', intent, respond: (o) => jsonResponse(outcomeStatus(o), outcomeBody(o)) };
}

/**
 * `POST /release`: a human lets escalated instances be reset again. Signed like `/reset`; the
 * release is done here (it resets nothing), so the answer is its outcome: 200 with the instances
 * released and those that were not escalated, 400 for a body that is not a release request, 503
 * when the ledger cannot record it (then nothing is published).
 */
async function releaseRoute(inv: Invocation, deps: HttpDeps, req: HttpRequest): Promise<HttpRoute> {
  const auth = await authenticateV1(inv, deps, req, 'release');
  if (auth instanceof AppError) return fail(auth);
  const body = jsonPayload(req.rawBody, 'the body');
  const request = body.payloadError !== undefined ? new AppError('Request.Invalid', body.payloadError) : validateRelease(body.payload);
  if (request instanceof AppError) {
    inv.log.warn('http.release-invalid', { message: request.message });
    return fail(request);
  }
  const caller = keyCaller(auth.keyIndex);
  const by = request.requestedBy === null || request.requestedBy === caller ? caller : `${request.requestedBy} (via ${caller})`;
  const o = await releaseEscalation(inv, { request, by, trigger: { kind: 'http', id: req.requestId }, identity: `http:release:sig:${auth.signature}` });
  return answer(
    jsonResponse(RELEASED_STATUS, {
      type: o.message.type,
      id: o.id,
      released: o.released,
      notEscalated: o.notEscalated,
      ...(o.mirrored ? {} : { mirrorStale: true }),
      ...(o.published ? {} : { published: false }),
    }),
  );
}

async function slackRoute(inv: Invocation, deps: HttpDeps, req: HttpRequest): Promise<HttpRoute> {
  if (inv.config.slackSecret === null) return fail(new AppError('Route.NotFound', 'Slack is not enabled (RESET_SLACK_SECRET)'));
  const signingSecret = (await secretText(inv, inv.config.slackSecret)).trim();
  // Slack does not retry slash commands, so a signature seen twice is a replay, refused like v1's.
  const verified = verifySlackSignature({ headers: req.headers, rawBody: req.rawBody, signingSecret, nowMs: inv.clock.now(), replay: deps.replay });
  if (verified instanceof AppError) {
    inv.log.warn('http.unauthenticated', { route: 'slack', sourceIp: req.sourceIp, reason: verified.message });
    return fail(verified);
  }
  const form = parseSlackForm(req.rawBody);
  if (form instanceof AppError) {
    // Signed by Slack but not a slash command form: authenticated, so the refusal is published too.
    const refused: RejectedIntent = {
      type: 'rejected',
      trigger: { kind: 'slack', id: null },
      identity: `slack:invalid-form:${req.headers['x-slack-signature'] ?? req.rawBody}`,
      error: form,
    };
    return { kind: 'intent', intent: refused, respond: () => slackReply(`Sorry: ${form.message}`) };
  }
  const text = form.text.trim();
  if (text === '' || text === 'help') return answer(slackReply(slackUsage(form.command)));

  const who = `slack:${form.user_name || form.user_id} (${form.user_id})`;
  const identity = `slack:${form.trigger_id ?? `${form.team_id}:${form.user_id}:${req.headers['x-slack-request-timestamp'] ?? ''}:${text}`}`;
  const parsed = parseSlackText(text, form.command);
  const intent: RequestIntent =
    parsed instanceof AppError
      ? {
          type: 'request',
          trigger: { kind: 'slack', id: form.trigger_id ?? null },
          identity,
          payload: null,
          payloadError: parsed.message,
          defaults: { requestedBy: who },
        }
      : { type: 'request', trigger: { kind: 'slack', id: form.trigger_id ?? null }, identity, payload: parsed.payload, defaults: { requestedBy: who } };

  // Both the person and the place must be allowed; a refusal is still published.
  if (!inv.config.slackUsers.has(form.user_id) || !inv.config.slackChannels.has(form.channel_id)) {
    const refusal = new AppError(
      'Guard.NotAllowed',
      `Slack user ${form.user_id} in channel ${form.channel_id} may not reset instances (RESET_SLACK_USERS, RESET_SLACK_CHANNELS)`,
    );
    return {
      kind: 'intent',
      intent: { type: 'rejected', trigger: intent.trigger, identity, error: refusal },
      respond: () => slackReply(`Sorry: ${refusal.message}`),
    };
  }
  const respond = (o: Outcome) => slackReply(slackText(o), { inChannel: outcomeStatus(o) === 202 });
  // A request that is not even readable is refused right here; one that is goes through the
  // guardrails and ECM in a later run, so Slack hears back within its 3 s whatever the API does.
  if (intent.payloadError !== undefined) return { kind: 'intent', intent, respond };
  const ack = slackReply(`On it: ${resultIdFor(identity)} is going through the guardrails; the outcome follows here.`);
  const respondTo = form.response_url !== undefined && isResponseUrl(form.response_url) ? { slack: form.response_url } : null;
  return { kind: 'defer', intent, ack, respondTo, respond };
}

async function alarmRoute(inv: Invocation, req: HttpRequest): Promise<HttpRoute> {
  const keys = await callerKeys(inv);
  if (keys instanceof AppError) return fail(keys);
  const ok = verifyAlarmToken(req, keys);
  if (ok instanceof AppError) {
    inv.log.warn('http.unauthenticated', { route: 'alarm', sourceIp: req.sourceIp, reason: ok.message });
    return fail(ok);
  }
  const alarm = parseAlarmCallback(req.rawBody, { kind: 'alarm', id: null });
  const sessionId = sessionIdOf(req.rawBody);
  const intent: AlarmIntent | RejectedIntent =
    alarm instanceof AppError
      ? { type: 'rejected', trigger: { kind: 'alarm', id: sessionId }, identity: `alarm:invalid:${sessionId ?? req.requestId ?? req.rawBody}`, error: alarm }
      : alarm;
  // Cloud Monitor re-sends unless it reads retCode 0, refusals included (sending it again changes
  // nothing); `outcome` tells a person reading the answer what became of it. The topic has it too.
  return { kind: 'intent', intent, respond: (o) => jsonResponse(200, { sessionId: sessionId ?? '', retCode: 0, outcome: alarmOutcome(o) }) };
}

/** What an alarm callback's answer says of its outcome: the result id, its type and, for a refusal or failure, the code. */
function alarmOutcome(o: Outcome): { id: string | null; type: string; code: string | null } {
  return { id: o.id, type: o.type, code: o.error?.resultCode ?? null };
}

function sessionIdOf(raw: string): string | null {
  try {
    const body = JSON.parse(raw) as unknown;
    if (typeof body === 'object' && body !== null && 'sessionId' in body && typeof body.sessionId === 'string') return body.sessionId;
  } catch {
    // not JSON: no session id to echo
  }
  return null;
}
