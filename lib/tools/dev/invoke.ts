import { loadConfig } from '../../function/config/config';
import { createDeps } from '../../function/deps';
import { createHandler } from '../../function/handler';
import { isAppError } from '../../function/kernel/errors';
import { createLogger } from '../../function/kernel/logger';
import { CommandError } from '../cli/args';
import type { ParsedSeed } from '../emulator/index';
import { createEmulator, type Emulator } from '../emulator/index';
import { adminClient } from './admin-client';
import { demoKeys } from './demo-keys';
import { readDotenv } from './dotenv';
import { localEnvironment, localWarnings, nonEmpty } from './local-env';
import { signHttpEvent } from './sign-event';

export interface InvokeOptions {
  event: unknown;
  seed: ParsedSeed;
  /** Whether the seed was named (--seed) rather than the demo default. */
  seedGiven?: boolean;
  envFile?: string | undefined;
  shell: Readonly<Record<string, string | undefined>>;
  /** Where the function's log lines go (stderr for the CLI). */
  log: (line: string) => void;
  context?: Record<string, unknown>;
  /** Notes for the person running it (stderr for the CLI): variables ignored, configuration warnings. */
  note?: (line: string) => void;
  /** Sign an HTTP event with the seed's demo keys (see sign-event.ts). */
  sign?: boolean;
}

export interface InvokeCall {
  service: string | null;
  action: string | null;
  params: unknown;
  /** null when the emulator dropped the connection (a fault). */
  httpStatus: number | null;
  error?: { code: string; message: string };
  /** The fault the emulator injected into this call, if any. */
  fault?: string;
}

export interface InvokeOutput {
  response: unknown;
  published: unknown[];
  calls: InvokeCall[];
}

const REDACTED = '[redacted]';

/** Replaces every occurrence of the given secret values anywhere in a JSON-able value. */
function scrub(value: unknown, secrets: readonly string[]): unknown {
  let text = JSON.stringify(value);
  for (const s of secrets) if (s.length >= 4) text = text.split(JSON.stringify(s).slice(1, -1)).join(REDACTED);
  return JSON.parse(text) as unknown;
}

/** Every secret value of the seed (JSON arrays of keys one by one) and every credential's key. */
function seedSecrets(seed: ParsedSeed): string[] {
  const values = seed.secrets.flatMap((s) => Object.values(s.versions).map((v) => (typeof v === 'string' ? v : v.binary)));
  const inner = values.flatMap((s) => {
    try {
      const parsed: unknown = JSON.parse(s);
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  });
  return [...values, ...inner, ...seed.credentials.map((c) => c.secretKey)];
}

/**
 * One invocation of the real handler, in this process, against RESET_API_ENDPOINT when the
 * shell or env file sets it, else against an ephemeral emulator with the seed. The configuration
 * is checked first (an invalid one is a CommandError naming the variables: nothing is invoked).
 * Returns the answer, the messages published and the API calls made by this invocation only.
 */
export async function invokeOnce(o: InvokeOptions): Promise<InvokeOutput> {
  const { seed } = o;
  const fileEnv = o.envFile ? readDotenv(o.envFile) : {};
  // An empty RESET_API_ENDPOINT is unset: the ephemeral emulator, never a half-configured cloud.
  const external = nonEmpty(o.shell['RESET_API_ENDPOINT']) ?? nonEmpty(fileEnv['RESET_API_ENDPOINT']);
  let emulator: Emulator | null = null;
  let url = external;
  if (url === undefined) {
    emulator = await createEmulator({ seed, port: 0 });
    url = emulator.url;
  }
  try {
    const { env, ignored } = localEnvironment(seed, { kind: emulator ? 'own-emulator' : 'external', url }, o.envFile ?? null, o.shell);
    for (const name of ignored) o.note?.(`note: ignored ${name}`);
    for (const line of localWarnings(o.shell, fileEnv)) o.note?.(`warning: ${line}`);
    const config = loadConfig(env);
    if (isAppError(config)) throw new CommandError(`${config.message}\nnothing was invoked: fix the variables named above (in your shell or the --env file)`);
    if (emulator === null && o.seedGiven !== true && nonEmpty(o.shell['TENCENTCLOUD_SECRETID'] ?? fileEnv['TENCENTCLOUD_SECRETID']) === undefined) {
      o.note?.(
        `note: calling ${url} as the demo seed's ${env['TENCENTCLOUD_SECRETID'] ?? 'credential'}; if that emulator has another seed, pass --seed FILE (or set TENCENTCLOUD_SECRETID/TENCENTCLOUD_SECRETKEY)`,
      );
    }
    const admin = adminClient(url);
    const before = await admin.calls();
    const messagesBefore = (await admin.messages()).messages.length;
    const event = o.sign ? signHttpEvent(o.event, demoKeys(seed, env), Math.floor(Date.now() / 1000)) : o.event;
    const handler = createHandler(createDeps(env, { log: createLogger(o.log) }));
    // The function as SCF names it: a Slack command hands its work to the function's next run
    // (SCF Invoke), which the ephemeral emulator delivers to this same handler.
    const context = { time_limit_in_ms: 60_000, function_name: seed.functions[0]?.name ?? 'ecm-reset', namespace: 'default', function_version: '$LATEST' };
    let runs = 0;
    const requestId = () => `local-${Date.now().toString(36)}-${runs++}`;
    emulator?.onInvoke(({ event: deferred }) => handler(deferred, { ...context, request_id: requestId(), ...o.context }));
    let response: unknown;
    try {
      response = await handler(event, { ...context, request_id: requestId(), ...o.context });
    } catch (e) {
      // SCF reports a thrown error as the invocation's failure: show it the same way.
      response = { errorMessage: e instanceof Error ? e.message : String(e) };
    }
    await emulator?.drainInvocations();
    const calls = (await admin.calls(before.lastSeq)).calls.map(
      (c): InvokeCall => ({
        service: c.service,
        action: c.action,
        params: c.params,
        httpStatus: c.httpStatus ?? null,
        ...(c.error ? { error: c.error } : {}),
        ...(c.fault ? { fault: c.fault } : {}),
      }),
    );
    const published = (await admin.messages()).messages.slice(messagesBefore).map((m) => {
      try {
        return JSON.parse(m.content) as unknown;
      } catch {
        return m.content;
      }
    });
    // Belt and braces: no secret value of the seed may appear in what we print.
    return scrub({ response, published, calls }, seedSecrets(seed)) as InvokeOutput;
  } finally {
    await emulator?.close();
  }
}

/** Result types of a non-HTTP answer that count as success. */
const SUCCEEDED = new Set(['reset.accepted', 'reset.partial', 'reset.dry-run', 'duplicate', 'ignored', 'completion.sweep']);

const typeOf = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : null;

function parsedBody(body: unknown): unknown {
  if (typeof body !== 'string') return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

/**
 * Whether an invocation succeeded, for `invoke`'s exit code: a 2xx HTTP answer (an alarm answered
 * `retCode: 0` whose outcome says it was refused or failed does not), or a non-HTTP answer whose
 * result is accepted, partial, dry-run or a duplicate (an ignored recovery and a sweep too); a
 * batch only when every record did; never when a published message of this invocation is
 * `reset.rejected` or `reset.failed`. A thrown error (`errorMessage`) never.
 */
export function invocationSucceeded(response: unknown, published: readonly unknown[] = []): boolean {
  // A Slack reply is 200 whatever happened: the topic says whether the request was refused.
  if (published.some((m) => ['reset.rejected', 'reset.failed'].includes(typeOf(m) ?? ''))) return false;
  return answerSucceeded(response);
}

function answerSucceeded(response: unknown): boolean {
  if (typeof response !== 'object' || response === null) return true;
  const r = response as Record<string, unknown>;
  if ('errorMessage' in r) return false;
  if (typeof r['statusCode'] === 'number') {
    if (r['statusCode'] >= 400) return false;
    const body = parsedBody(r['body']);
    const outcome = typeof body === 'object' && body !== null ? (body as { outcome?: unknown }).outcome : undefined;
    const type = typeOf(outcome);
    return type === null || SUCCEEDED.has(type);
  }
  if (Array.isArray(r['records'])) return r['records'].every((record) => SUCCEEDED.has(typeOf(record) ?? ''));
  const type = typeOf(r);
  return type === null || SUCCEEDED.has(type);
}
