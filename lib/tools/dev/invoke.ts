import { createDeps } from '../../function/deps';
import { createHandler } from '../../function/handler';
import { parseAuthKeys } from '../../function/http/auth-keys';
import { createLogger } from '../../function/kernel/logger';
import type { ParsedSeed } from '../emulator/index';
import { createEmulator, DEMO_SEED_PATH, type Emulator, loadSeed } from '../emulator/index';
import { adminClient } from './admin-client';
import { readDotenv } from './dotenv';
import { localEnvironment, nonEmpty } from './local-env';
import { signHttpEvent } from './sign-event';

export interface InvokeOptions {
  event: unknown;
  seedFile?: string | undefined;
  envFile?: string | undefined;
  shell: Readonly<Record<string, string | undefined>>;
  /** Where the function's log lines go (stderr for the CLI). */
  log: (line: string) => void;
  context?: Record<string, unknown>;
  /** Notes for the person running it (stderr for the CLI): variables set but not used. */
  note?: (line: string) => void;
  /** Sign an HTTP event with the first key of the seed's RESET_AUTH_SECRET secret (see sign-event.ts). */
  sign?: boolean;
}

export interface InvokeOutput {
  response: unknown;
  published: unknown[];
  calls: { service: string | null; action: string | null; params: unknown; error?: { code: string; message: string } }[];
}

const REDACTED = '[redacted]';

/** Replaces every occurrence of the given secret values anywhere in a JSON-able value. */
function scrub(value: unknown, secrets: readonly string[]): unknown {
  let text = JSON.stringify(value);
  for (const s of secrets) if (s.length >= 4) text = text.split(JSON.stringify(s).slice(1, -1)).join(REDACTED);
  return JSON.parse(text) as unknown;
}

/**
 * One invocation of the real handler, in this process, against RESET_API_ENDPOINT when the
 * shell or env file sets it, else against an ephemeral emulator with the seed. Returns the
 * answer, the messages published and the API calls made by this invocation only.
 */
export async function invokeOnce(o: InvokeOptions): Promise<InvokeOutput> {
  const seed = await loadSeed(o.seedFile ?? DEMO_SEED_PATH);
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
    if (emulator === null && o.seedFile === undefined && nonEmpty(o.shell['TENCENTCLOUD_SECRETID'] ?? fileEnv['TENCENTCLOUD_SECRETID']) === undefined) {
      o.note?.(
        `note: calling ${url} as the demo seed's ${env['TENCENTCLOUD_SECRETID'] ?? 'credential'}; if that emulator has another seed, pass --seed FILE (or set TENCENTCLOUD_SECRETID/TENCENTCLOUD_SECRETKEY)`,
      );
    }
    const admin = adminClient(url);
    const before = await admin.calls();
    const messagesBefore = (await admin.messages()).messages.length;
    const event = o.sign ? signHttpEvent(o.event, callerKey(seed, env), Math.floor(Date.now() / 1000)) : o.event;
    const handler = createHandler(createDeps(env, { log: createLogger(o.log) }));
    let response: unknown;
    try {
      response = await handler(event, { request_id: `local-${Date.now().toString(36)}`, time_limit_in_ms: 60_000, function_name: 'ecm-reset', ...o.context });
    } catch (e) {
      // SCF reports a thrown error as the invocation's failure: show it the same way.
      response = { errorMessage: e instanceof Error ? e.message : String(e) };
    }
    const calls = (await admin.calls(before.lastSeq)).calls.map((c) => ({
      service: c.service,
      action: c.action,
      params: c.params,
      ...(c.error ? { error: c.error } : {}),
    }));
    const published = (await admin.messages()).messages.slice(messagesBefore).map((m) => {
      try {
        return JSON.parse(m.content) as unknown;
      } catch {
        return m.content;
      }
    });
    // Belt and braces: no secret value of the seed may appear in what we print.
    const secrets = seed.secrets.flatMap((s) => Object.values(s.versions).map((v) => (typeof v === 'string' ? v : v.binary)));
    const extra = secrets.flatMap((s) => {
      try {
        const parsed: unknown = JSON.parse(s);
        return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
      } catch {
        return [];
      }
    });
    return scrub({ response, published, calls }, [...secrets, ...extra, ...seed.credentials.map((c) => c.secretKey)]) as InvokeOutput;
  } finally {
    await emulator?.close();
  }
}

/** The first HTTP caller key: the current version of the seed secret RESET_AUTH_SECRET names. */
function callerKey(seed: ParsedSeed, env: Readonly<Record<string, string>>): string {
  const name = env['RESET_AUTH_SECRET'];
  const value = seed.secrets.find((s) => s.name === name)?.versions['SSM_Current'];
  const keys = typeof value === 'string' ? parseAuthKeys(value) : null;
  const first = Array.isArray(keys) ? keys[0] : undefined;
  if (first === undefined)
    throw new Error(`--sign needs RESET_AUTH_SECRET to name a secret of the seed holding caller keys (it is ${JSON.stringify(name ?? '')})`);
  return first;
}
