import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error';
import type { CallDraft } from './call-log';
import { redactParams } from './call-log';
import type { ActiveFault } from './faults';
import { describeFault } from './faults';
import { paramsFromQuery } from './form-params';
import { BodyTooLargeError, readBody, sendJson, sendText, splitTarget } from './http-io';
import type { EmulatorRuntime } from './runtime';
import type { CredentialSeed } from './seed';
import type { ServiceDefinition } from './service';
import { SERVICES_BY_VERSION } from './services/index';
import { verifyRequest } from './verify-signature';

/** What the emulator ends up doing with a call. */
type Outcome =
  | { readonly kind: 'api'; readonly response: Record<string, unknown>; readonly error: ApiError | null }
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'drop' };

/** The call-log fields learned while processing (mutable while the call runs). */
interface Progress {
  service: ServiceDefinition | null;
  action: string | null;
  version: string | null;
  region: string | null;
  params: unknown;
  secretId: string | null;
  fault: ActiveFault | null;
}

/** Handles `POST /` (and the GET form) like API 3.0: route, authenticate, authorize, throttle, run, answer. */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, rt: EmulatorRuntime): Promise<void> {
  const requestId = randomUUID();
  const started = rt.wallNow();
  const progress: Progress = { service: null, action: null, version: null, region: null, params: null, secretId: null, fault: null };
  const afterResponse: (() => void)[] = [];
  let outcome: Outcome;
  try {
    outcome = await processCall(req, rt, requestId, progress, afterResponse);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    outcome = { kind: 'api', response: {}, error };
  }
  deliver(res, req, outcome, requestId);
  const call: CallDraft = {
    time: new Date(started).toISOString(),
    service: progress.service?.service ?? null,
    action: progress.action,
    version: progress.version,
    region: progress.region,
    params: progress.params,
    secretId: progress.secretId,
    requestId,
    httpStatus: outcome.kind === 'api' ? 200 : outcome.kind === 'http' ? outcome.status : null,
    error: outcome.kind === 'api' && outcome.error !== null ? { code: outcome.error.code, message: outcome.error.message } : null,
    fault: progress.fault === null ? null : describeFault(progress.fault),
    durationMs: rt.wallNow() - started,
  };
  rt.calls.record(call);
  rt.logger?.info(`${call.service ?? '?'}.${call.action ?? '?'} -> ${call.error?.code ?? (call.httpStatus === null ? 'dropped' : String(call.httpStatus))}`, {
    secretId: call.secretId,
    requestId,
    fault: call.fault,
  });
  // After the answer is written and logged: an Event invocation's handler sees its Invoke in the call log.
  for (const task of afterResponse) task();
}

async function processCall(req: IncomingMessage, rt: EmulatorRuntime, requestId: string, progress: Progress, afterResponse: (() => void)[]): Promise<Outcome> {
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ApiError('RequestSizeLimitExceeded', error.message);
    throw error;
  }
  const contentType = req.headers['content-type'] ?? '';
  // API 3.0 takes a JSON POST (what the SDK sends) or a GET with the parameters in the query.
  const isJsonPost = req.method === 'POST' && /^application\/json\b/i.test(contentType);
  const isFormGet = req.method === 'GET' && /^application\/x-www-form-urlencoded\b/i.test(contentType);
  if (!isJsonPost && !isFormGet) {
    throw new ApiError(
      'UnsupportedProtocol',
      'API 3.0 takes POST with Content-Type application/json, or GET with Content-Type application/x-www-form-urlencoded',
    );
  }
  if (isFormGet && body.length > 0) throw new ApiError('UnsupportedProtocol', 'a GET request carries its parameters in the query string, not a body');
  const action = headerValue(req, 'x-tc-action');
  const version = headerValue(req, 'x-tc-version');
  progress.action = action ?? null;
  progress.version = version ?? null;
  progress.region = headerValue(req, 'x-tc-region') ?? null;
  if (action === undefined) throw new ApiError('MissingParameter', 'the request is missing X-TC-Action');
  if (version === undefined) throw new ApiError('MissingParameter', 'the request is missing X-TC-Version');
  const service = SERVICES_BY_VERSION.get(version);
  if (service === undefined) throw new ApiError('NoSuchVersion', `the API version \`${version}\` does not exist (or is not emulated)`);
  progress.service = service;
  const handler = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
  if (handler === undefined)
    throw new ApiError('InvalidAction', `the action \`${action}\` does not exist in ${service.service} ${version} (or is not emulated)`);

  const state = rt.state();
  const credential = verifyRequest({
    method: isFormGet ? 'GET' : 'POST',
    url: req.url ?? '/',
    headers: req.headers,
    body,
    service: service.service,
    credentials: state.credentials,
    now: rt.wallNow(),
  });
  progress.secretId = credential.secretId;
  const params = isFormGet ? paramsFromQuery(splitTarget(req.url ?? '/').query) : parseBody(body);
  progress.params = redactParams(params);
  if (service.requiresRegion && progress.region === null) {
    throw new ApiError('MissingParameter', `${service.service} requires the X-TC-Region header`);
  }
  checkAllowed(credential, service.service, action);
  const limit = state.seed.rateLimits[`${service.service}:${action}`] ?? state.seed.rateLimitPerSecond;
  if (!rt.rateLimiter.tryAcquire(`${credential.secretId} ${service.service}:${action}`, limit, rt.wallNow())) {
    throw new ApiError('RequestLimitExceeded', `more than ${limit} ${action} requests in one second`);
  }

  const before = rt.faults.take(service.service, action, 'before');
  if (before !== undefined) {
    progress.fault = before;
    const injected = await applyFault(before, rt);
    if (injected !== null) return injected;
  }
  const now = rt.now();
  state.settle(now);
  let outcome: Outcome;
  try {
    const response = await handler(params, {
      state,
      now,
      requestId,
      credential,
      region: progress.region ?? undefined,
      invoker: rt.invoker,
      afterResponse: (task) => afterResponse.push(task),
    });
    outcome = { kind: 'api', response, error: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    outcome = { kind: 'api', response: {}, error };
  }
  const after = rt.faults.take(service.service, action, 'after');
  if (after !== undefined) {
    progress.fault = after;
    const injected = await applyFault(after, rt);
    if (injected !== null) return injected;
  }
  return outcome;
}

/** Waits out a delay, then returns the fault's replacement outcome (null: answer normally). */
async function applyFault(fault: ActiveFault, rt: EmulatorRuntime): Promise<Outcome | null> {
  if (fault.delayMs !== undefined && !(await rt.sleep(fault.delayMs))) return { kind: 'drop' };
  if (fault.dropConnection === true) return { kind: 'drop' };
  if (fault.httpStatus !== undefined) return { kind: 'http', status: fault.httpStatus };
  if (fault.code !== undefined) {
    return { kind: 'api', response: {}, error: new ApiError(fault.code, fault.message ?? `fault injected by the emulator (${fault.code})`) };
  }
  return null;
}

function deliver(res: ServerResponse, req: IncomingMessage, outcome: Outcome, requestId: string): void {
  switch (outcome.kind) {
    case 'drop':
      req.socket.destroy();
      return;
    case 'http':
      sendText(res, outcome.status, `fault injected by the emulator: HTTP ${outcome.status}\n`);
      return;
    case 'api': {
      const response =
        outcome.error === null
          ? { ...outcome.response, RequestId: requestId }
          : { Error: { Code: outcome.error.code, Message: outcome.error.message }, RequestId: requestId };
      sendJson(res, 200, { Response: response });
    }
  }
}

function checkAllowed(credential: CredentialSeed, service: string, action: string): void {
  const denied = credential.deny.some((entry) => entry === '*' || entry === `${service}:*` || entry === `${service}:${action}`);
  if (!denied) return;
  // ECM documents its own code for ResetInstances; everything else gets the common CAM code.
  const code = service === 'ecm' && action === 'ResetInstances' ? 'UnauthorizedOperation.ForbiddenOperation' : 'AuthFailure.UnauthorizedOperation';
  throw new ApiError(code, `these credentials may not call ${service}:${action}`);
}

function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('InvalidParameter', 'the request body is not valid JSON');
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}
