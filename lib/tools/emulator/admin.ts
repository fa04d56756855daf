import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { FaultSchema } from './faults';
import { BodyTooLargeError, readBody, sendJson } from './http-io';
import type { EmulatorRuntime } from './runtime';
import { SeedError } from './seed';
import { FAULT_TARGETS } from './services/index';
import { snapshotState } from './snapshot';

/** Prefix of the admin API; everything else is the emulated cloud. */
export const ADMIN_PREFIX = '/_emulator/';

/** What the admin API can do besides reading the runtime. */
export interface AdminActions {
  /** Validates and installs a new seed (throws SeedError). */
  readonly reseed: (seed: unknown) => void;
  /** Rebuilds the state from the current seed. */
  readonly reset: () => void;
  /** Moves the emulator clock forward (or back, with a negative value). */
  readonly advanceClock: (ms: number) => void;
}

/** One step of at most ten years either way; the clock itself stays within 1970–9999 (a valid ISO date). */
const MAX_STEP_MS = 10 * 366 * 24 * 3600 * 1000;
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
const ClockSchema = v.strictObject({
  advanceMs: v.pipe(v.number(), v.finite(), v.minValue(-MAX_STEP_MS), v.maxValue(MAX_STEP_MS)),
});

type Route = (input: { url: URL; body: unknown }) => { status: number; body: unknown };

/**
 * The admin API under `/_emulator/`. It is neither signed, throttled nor fault-injected:
 * it is the test's side channel, on loopback only.
 */
export async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, rt: EmulatorRuntime, actions: AdminActions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname.slice(ADMIN_PREFIX.length);
  const routes: Readonly<Record<string, Route>> = {
    'GET state': () => ({ status: 200, body: snapshotState(rt.state(), rt.now()) }),
    'GET messages': ({ url }) => {
      const topic = url.searchParams.get('topic');
      const messages = rt.state().tdmq.messages.filter((m) => topic === null || m.topic.toLowerCase() === topic.toLowerCase());
      return { status: 200, body: { messages } };
    },
    'GET calls': ({ url }) => {
      const since = Number(url.searchParams.get('since') ?? '0');
      if (!Number.isInteger(since) || since < 0) return badRequest('since must be a non-negative integer');
      return { status: 200, body: { calls: rt.calls.list(since), lastSeq: rt.calls.lastSeq } };
    },
    'GET faults': () => ({ status: 200, body: { faults: rt.faults.list() } }),
    'POST faults': ({ body }) => {
      const faults = Array.isArray(body) ? body : [body];
      const checked = faults.map((fault) => v.safeParse(FaultSchema, fault));
      const bad = checked.find((result) => !result.success);
      if (bad !== undefined && !bad.success) return badRequest(`invalid fault: ${v.summarize(bad.issues)}`);
      // A misspelt action would never fire, and the test using it would pass for the wrong reason.
      const unknown = checked.find((result) => result.success && result.output.action !== '*' && !FAULT_TARGETS.has(result.output.action));
      if (unknown?.success) {
        return badRequest(
          `invalid fault: no emulated action ${unknown.output.action}; one of ${[...FAULT_TARGETS]
            .filter((a) => !a.includes(':'))
            .sort()
            .join(', ')} (optionally service:Action), or *`,
        );
      }
      const added = checked.flatMap((result) => (result.success ? [rt.faults.add(result.output)] : []));
      return { status: 201, body: { faults: added } };
    },
    'DELETE faults': () => ({ status: 200, body: { cleared: rt.faults.clear() } }),
    'GET stats': () => ({ status: 200, body: { ...rt.stats } }),
    'POST seed': ({ body }) => {
      try {
        actions.reseed(body);
      } catch (error) {
        if (error instanceof SeedError) return { status: 400, body: { error: { code: 'InvalidSeed', message: error.message, issues: error.issues } } };
        throw error;
      }
      return { status: 200, body: snapshotState(rt.state(), rt.now()) };
    },
    'POST reset': () => {
      actions.reset();
      return { status: 200, body: snapshotState(rt.state(), rt.now()) };
    },
    'POST clock': ({ body }) => {
      const parsed = v.safeParse(ClockSchema, body);
      if (!parsed.success) return badRequest(`expected {"advanceMs": <number of ms, at most ${MAX_STEP_MS} either way>}`);
      const target = rt.now() + parsed.output.advanceMs;
      if (target < 0 || target > LATEST_MS) return badRequest(`the clock would move to ${target} ms since 1970, outside 1970–9999`);
      actions.advanceClock(parsed.output.advanceMs);
      return { status: 200, body: { now: new Date(rt.now()).toISOString() } };
    },
  };
  const route = routes[`${req.method ?? 'GET'} ${path}`];
  if (route === undefined) {
    sendJson(res, 404, { error: { code: 'NotFound', message: `no admin route ${req.method ?? ''} ${url.pathname}` } });
    return;
  }
  let body: unknown = null;
  try {
    const raw = await readBody(req, 1024 * 1024);
    body = raw.length === 0 ? null : (JSON.parse(raw.toString('utf8')) as unknown);
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof BodyTooLargeError) {
      sendJson(res, 400, { error: { code: 'BadRequest', message: `the body is not acceptable JSON: ${error.message}` } });
      return;
    }
    throw error;
  }
  const answer = route({ url, body });
  sendJson(res, answer.status, answer.body);
}

function badRequest(message: string): { status: number; body: unknown } {
  return { status: 400, body: { error: { code: 'BadRequest', message } } };
}
