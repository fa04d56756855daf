/**
 * `npm start [-- --port N --emulator-port N --seed FILE]`: the local stack on loopback. The
 * emulator with the demo seed, the function behind a local API Gateway (the event shape SCF's
 * API Gateway trigger builds), the timers of serverless.yml on their schedules, and the
 * console page. Prints the URLs and a signed request to paste; Ctrl-C stops everything.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDeps } from '../../function/deps';
import { createHandler } from '../../function/handler';
import { parseAuthKeys } from '../../function/http/auth-keys';
import { AppError, isAppError } from '../../function/kernel/errors';
import { createLogger } from '../../function/kernel/logger';
import { readServerlessYml, SERVERLESS_YML_PATH } from '../deploy/serverless-yml';
import { createEmulator, DEMO_SEED_PATH, type Emulator, loadSeed, type ParsedSeed, SeedError } from '../emulator/index';
import { type ApiGatewayServer, startApiGateway } from './api-gateway-server';
import { createConsole } from './console/console-routes';
import { localEnvironment } from './local-env';
import { startTimers, type TimerStatus, type Timers } from './timers';

export const DEFAULT_PORT = 3000;
/** Where RESET_API_ENDPOINT examples point (as `npm run emulator`). */
export const DEFAULT_EMULATOR_PORT = 4566;

export interface LocalStackOptions {
  /** Port of the API Gateway and console; 0 picks a free one. */
  port?: number;
  /** Port of the emulator; when taken, a free one is used instead (see `emulatorPortFallback`). */
  emulatorPort?: number;
  /** Seed file (default examples/seed.json). */
  seed?: string;
  serverlessYml?: string;
  /** The caller's shell: RESET_* and TENCENTCLOUD_* variables in it override the demo policy. */
  shell?: Readonly<Record<string, string | undefined>>;
  /** Function log lines, API Gateway access lines and timer firings. */
  log?: (line: string) => void;
}

export interface LocalStack {
  /** The console page. */
  consoleUrl: string;
  /** Base URL of the HTTP API (`POST /reset` is `${apiUrl}/reset`). */
  apiUrl: string;
  emulatorUrl: string;
  /** True when the requested emulator port was taken and a free one was used. */
  emulatorPortFallback: boolean;
  /** SecretId of the credentials the function runs with (the key stays in the seed). */
  secretId: string | null;
  /** Variables of the shell that the stack did not use, with why (the function stays on its emulator). */
  ignored: string[];
  /** Name of the SSM secret holding the caller keys (RESET_AUTH_SECRET). */
  authSecretName: string | null;
  /** The first caller key of that secret in the seed: valid only against this emulator. */
  callerKey: string | null;
  timers: () => TimerStatus[];
  emulator: Emulator;
  close(): Promise<void>;
}

/** The first caller key the seed holds under RESET_AUTH_SECRET, if any. */
export function seedCallerKey(seed: ParsedSeed, secretName: string | undefined): string | null {
  if (secretName === undefined) return null;
  const value = seed.secrets.find((s) => s.name === secretName)?.versions['SSM_Current'];
  if (typeof value !== 'string') return null;
  const keys = parseAuthKeys(value);
  return isAppError(keys) ? null : (keys[0] ?? null);
}

async function startEmulatorOn(seed: ParsedSeed, port: number): Promise<{ emulator: Emulator; fallback: boolean }> {
  try {
    return { emulator: await createEmulator({ seed, port }), fallback: false };
  } catch (error) {
    if (port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return { emulator: await createEmulator({ seed, port: 0 }), fallback: true };
  }
}

/** Starts the whole local stack in this process (used by `npm start` and by the tests). */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const shell = options.shell ?? process.env;
  const seed = await loadSeed(options.seed ?? DEMO_SEED_PATH);
  const fn = await readServerlessYml(options.serverlessYml ?? SERVERLESS_YML_PATH, shell);
  if (isAppError(fn)) throw fn;

  const { emulator, fallback } = await startEmulatorOn(seed, options.emulatorPort ?? DEFAULT_EMULATOR_PORT);
  const closers: (() => Promise<void> | void)[] = [() => emulator.close()];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const { env, ignored } = localEnvironment(seed, { kind: 'own-emulator', url: emulator.url }, null, shell);
    const handler = createHandler(createDeps(env, { log: createLogger((line) => log(`[function] ${line}`)) }));
    const credential = seed.credentials.find((c) => c.secretId === env['TENCENTCLOUD_SECRETID']);
    // The fields of SCF's context object (SCF doc 583/9210; lib/function/triggers/scf-context.ts).
    const context = {
      function_name: fn.functionName,
      function_version: '$LATEST',
      namespace: fn.namespace,
      time_limit_in_ms: fn.timeoutSeconds * 1000,
      memory_limit_in_mb: fn.memoryMb,
      tencentcloud_region: env['TENCENTCLOUD_REGION'] ?? 'ap-guangzhou',
      tencentcloud_appid: String(credential?.appId ?? ''),
      tencentcloud_uin: env['TENCENTCLOUD_UIN'] ?? '',
    };
    const invoke = (event: unknown) => handler(event, { ...context, request_id: randomUUID() });

    const timers: Timers | AppError = startTimers({
      specs: fn.timers,
      invoke,
      onFired: (spec, outcome) => log(`[timer] ${spec.name} fired: ${'error' in outcome ? `error ${outcome.error}` : JSON.stringify(outcome.answer)}`),
    });
    if (isAppError(timers)) throw timers;
    closers.push(() => timers.close());

    const callerKey = seedCallerKey(seed, env['RESET_AUTH_SECRET']);
    let api: ApiGatewayServer | null = null;
    const consoleHandler = createConsole({
      emulatorUrl: emulator.url,
      apiUrl: () => api?.url ?? '',
      callerKey,
      timers,
    });
    api = await startApiGateway({
      handler: invoke as (event: unknown, context: unknown) => Promise<unknown>,
      port: options.port ?? DEFAULT_PORT,
      context,
      fallback: consoleHandler,
      log: (line) => log(`[apigw] ${line}`),
    });
    const gateway = api;
    closers.push(() => gateway.close());
    return {
      consoleUrl: `${gateway.url}/`,
      apiUrl: gateway.url,
      emulatorUrl: emulator.url,
      emulatorPortFallback: fallback,
      secretId: credential?.secretId ?? null,
      ignored,
      authSecretName: env['RESET_AUTH_SECRET'] ?? null,
      callerKey,
      timers: () => timers.list(),
      emulator,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A shell-quoted word. */
const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A request to paste into bash: the signature is computed when it runs (openssl), so it works
 * at any time, unlike a pre-signed one that expires after 300 s.
 */
export function curlCommand(apiUrl: string, key: string, body: string): string {
  return (
    `KEY=${sq(key)}; body=${sq(body)}; ts=$(date +%s); ` +
    `sig=$(printf 'v1:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$KEY" -hex | sed 's/^.*= //'); ` +
    `curl -sS -X POST ${apiUrl}/reset -H 'content-type: application/json' -H "x-reset-timestamp: $ts" -H "x-reset-signature: v1=$sig" --data-raw "$body"`
  );
}

export function banner(stack: LocalStack, requestedEmulatorPort: number): string {
  const lines = [
    'ecm-reset local stack',
    `  console    ${stack.consoleUrl}`,
    `  API        ${stack.apiUrl}  (POST /reset, POST /slack, POST /alarm?token=…, GET /health; same event as SCF's API Gateway trigger)`,
    `  emulator   ${stack.emulatorUrl}  (admin API ${stack.emulatorUrl}/_emulator/state)` +
      (stack.emulatorPortFallback ? `\n             port ${requestedEmulatorPort} was busy: using a free port instead` : ''),
    `  function   runs as SecretId ${stack.secretId ?? '(none)'}; policy from examples/local.env (RESET_* in your shell override it)`,
    `  caller key first key of SSM secret ${stack.authSecretName ?? '(RESET_AUTH_SECRET not set)'}`,
    ...stack.ignored.map((name) => `  ignored    ${name}`),
  ];
  const timers = stack.timers();
  for (const [index, t] of timers.entries()) {
    const when = t.enable ? `next ${t.next === null ? 'never' : new Date(t.next).toString().slice(0, 24)}` : 'disabled';
    lines.push(`  ${index === 0 ? 'timers    ' : '          '} ${t.name} '${t.cronExpression}' ${when}`);
  }
  if (timers.length > 0) lines.push(`             fire one now: curl -X POST ${stack.apiUrl}/_console/timers/NAME (or the console's buttons)`);
  if (stack.callerKey !== null) {
    const body = JSON.stringify({ instanceIds: ['ein-bbbbbbbb'], reason: 'demo from curl' });
    lines.push(
      '',
      `The demo caller key below is only valid against this local emulator (it is the seed's ${stack.authSecretName ?? ''} secret).`,
      'A signed request (the signature is computed when you run it):',
      `  ${curlCommand(stack.apiUrl, stack.callerKey, body)}`,
      'The same with the ChatOps client:',
      `  RESET_CALLER_KEY=${stack.callerKey} npm run call -- --url ${stack.apiUrl} --instances ein-aaaaaaaa --reason "demo"`,
      'Each instance has a 1 h cooldown: a second reset of the same one answers 409.',
    );
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  return lines.join('\n');
}

class UsageError extends Error {}

function portOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--${name} must be an integer from 0 to 65535, not "${value}"`);
  return port;
}

const USAGE = `usage: npm start -- [--port N] [--emulator-port N] [--seed FILE]
  --port N           API Gateway and console on 127.0.0.1:N (default ${DEFAULT_PORT}; 0 = any free port)
  --emulator-port N  the emulator (default ${DEFAULT_EMULATOR_PORT}; a free port if it is taken; 0 = any)
  --seed FILE        emulator seed (default examples/seed.json)
RESET_* variables in the environment override the demo policy of examples/local.env.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'emulator-port': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = portOption('port', values.port, DEFAULT_PORT);
  const emulatorPort = portOption('emulator-port', values['emulator-port'], DEFAULT_EMULATOR_PORT);
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ port, emulatorPort, ...(values.seed !== undefined ? { seed: values.seed } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: pass --port N (0 = any free port)`);
    throw error;
  }
  process.stdout.write(banner(stack, emulatorPort));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write('stopping now\n');
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: stopping the local stack\n`);
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main().catch((error: unknown) => {
    if (error instanceof UsageError || error instanceof SeedError || error instanceof AppError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`the local stack failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
