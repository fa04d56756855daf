/**
 * The local stack on loopback (`npx ecm-reset start`, `npm start`): the emulator with the demo seed,
 * the function in a child process behind a local HTTP entry (the function URL's event, or the legacy
 * API Gateway trigger's), the timers of serverless.yml, SCF Invoke delivered to the same function,
 * the console, and a reload of the function when its code changes.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../function/config/config';
import { isAppError } from '../../function/kernel/errors';
import { CommandError } from '../cli/args';
import { listenOnPort } from '../cli/serve';
import { readServerlessYml, SERVERLESS_YML_PATH } from '../deploy/serverless-yml';
import { createEmulator, DEMO_SEED_PATH, type Emulator, loadSeed } from '../emulator/index';
import { type ApiGatewayServer, startApiGateway } from './api-gateway-server';
import { createConsole } from './console/console-routes';
import { guardrailViews } from './console/guardrail-view';
import { demoKeys } from './demo-keys';
import { type FunctionProcess, startFunctionProcess } from './function-process';
import { localEnvironment, localWarnings } from './local-env';
import { startTimers, type TimerStatus } from './timers';
import { watchSources } from './watch';

export { seedCallerKey } from './demo-keys';

export const DEFAULT_PORT = 3000;
/** Where RESET_API_ENDPOINT examples point (as `npx ecm-reset emulator`). */
export const DEFAULT_EMULATOR_PORT = 4566;

export interface LocalStackOptions {
  /** Port of the HTTP entry and console; a busy one is an error; 0 any free one; unset: 3000, or a free one. */
  port?: number | undefined;
  /** Port of the emulator, the same way (unset: 4566, or a free one). */
  emulatorPort?: number | undefined;
  /** Seed file (default examples/seed.json). */
  seed?: string | undefined;
  /** The function's environment file (default examples/local.env). */
  envFile?: string | undefined;
  serverlessYml?: string;
  /** The caller's shell: RESET_* and TENCENTCLOUD_* variables in it override the demo policy. */
  shell?: Readonly<Record<string, string | undefined>>;
  /** Function log lines, HTTP access lines, timer firings, reloads. */
  log?: (line: string) => void;
  /** The legacy API Gateway trigger's event instead of the function URL's. */
  apigw?: boolean;
  /** Directories whose changes reload the function (npm start: lib/ and functions/); none by default. */
  watch?: readonly string[];
}

export interface LocalStack {
  consoleUrl: string;
  /** Base URL of the HTTP API (`POST /reset` is `${apiUrl}/reset`). */
  apiUrl: string;
  emulatorUrl: string;
  /** Ports that were busy and replaced by free ones (only when not given). */
  moved: { port: number | null; emulatorPort: number | null };
  /** SecretId of the credentials the function runs with (the key stays in the seed). */
  secretId: string | null;
  /** Variables of the shell that the stack did not use, with why (the function stays on its emulator). */
  ignored: string[];
  /** Configuration warnings: unknown RESET_* names, allow-list entries with a `;`. */
  warnings: string[];
  /** Name of the SSM secret holding the caller keys (RESET_AUTH_SECRET). */
  authSecretName: string | null;
  /** The first caller key of that secret in the seed: valid only against this emulator. */
  callerKey: string | null;
  /** The seed's Slack signing secret (RESET_SLACK_SECRET), and who may use /slack. */
  slack: { secret: string | null; user: string | null; channel: string | null };
  /** The function name SCF Invoke reaches (the seed's first function). */
  functionName: string;
  apigw: boolean;
  timers: () => TimerStatus[];
  emulator: Emulator;
  fn: FunctionProcess;
  close(): Promise<void>;
}

const firstOf = (csv: string | undefined): string | null => csv?.split(',')[0]?.trim() || null;

/** Starts the whole local stack (used by `npx ecm-reset start` and by the tests). */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const shell = options.shell ?? process.env;
  const seed = await loadSeed(options.seed ?? DEMO_SEED_PATH);
  const yml = await readServerlessYml(options.serverlessYml ?? SERVERLESS_YML_PATH, shell);
  if (isAppError(yml)) throw new CommandError(yml.message);

  // The configuration is checked before anything listens: a bad one stops here, naming its variables.
  const probe = localEnvironment(seed, { kind: 'own-emulator', url: 'http://127.0.0.1:4566' }, options.envFile ?? null, shell);
  const config = loadConfig(probe.env);
  if (isAppError(config)) throw new CommandError(`${config.message}\nnothing was started: fix the variables named above (in your shell or the --env file)`);

  const { value: emulator, movedFrom: emulatorMoved } = await listenOnPort('emulator-port', options.emulatorPort, DEFAULT_EMULATOR_PORT, (port) =>
    createEmulator({ seed, port }),
  );
  const closers: (() => Promise<void> | void)[] = [() => emulator.close()];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const { env, ignored } = localEnvironment(seed, { kind: 'own-emulator', url: emulator.url }, options.envFile ?? null, shell);
    const fn = await startFunctionProcess(env, (line) => log(`[function] ${line}`));
    closers.push(() => fn.close());
    const credential = seed.credentials.find((c) => c.secretId === env['TENCENTCLOUD_SECRETID']);
    // SCF Invoke reaches the function the seed declares (a Slack command hands its work to it).
    const functionName = seed.functions?.[0]?.name ?? yml.functionName;
    // The fields of SCF's context object (SCF doc 583/9210; lib/function/triggers/scf-context.ts).
    const context = {
      function_name: functionName,
      function_version: '$LATEST',
      namespace: yml.namespace,
      time_limit_in_ms: yml.timeoutSeconds * 1000,
      memory_limit_in_mb: yml.memoryMb,
      tencentcloud_region: env['TENCENTCLOUD_REGION'] ?? 'ap-guangzhou',
      tencentcloud_appid: String(credential?.appId ?? ''),
      tencentcloud_uin: env['TENCENTCLOUD_UIN'] ?? '',
    };
    const invoke = (event: unknown) => fn.invoke(event, { ...context, request_id: randomUUID() });
    emulator.onInvoke(({ event }) => invoke(event));
    // A reset of the emulator (console button or POST /_emulator/reset) leaves the function's
    // caches (the ledger it has read) describing a state that is gone: it starts afresh.
    emulator.onReset(() => {
      log('[stack] the emulator is back to its seed: the function starts afresh');
      fn.reload().catch((e: unknown) => log(`[stack] the function did not restart: ${e instanceof Error ? e.message : String(e)}`));
    });
    closers.push(() => {
      emulator.onInvoke(null);
      emulator.onReset(null);
    });

    const timers = startTimers({
      specs: yml.timers,
      invoke,
      onFired: (spec, outcome) => log(`[timer] ${spec.name} fired: ${'error' in outcome ? `error ${outcome.error}` : JSON.stringify(outcome.answer)}`),
    });
    if (isAppError(timers)) throw new CommandError(timers.message);
    closers.push(() => timers.close());

    const keys = demoKeys(seed, env);
    let api: ApiGatewayServer | null = null;
    const consoleHandler = createConsole({
      emulatorUrl: emulator.url,
      apiUrl: () => api?.url ?? '',
      callerKey: keys.callerKey,
      timers,
      guardrails: (ids) =>
        guardrailViews(emulator, { bucket: env['RESET_LEDGER_BUCKET'] ?? '', prefix: config.ledger.prefix, cooldownSeconds: config.cooldownSeconds }, ids),
      resetDemo: async () => {
        emulator.reset();
        await fn.reload();
      },
      slackResponse: (body) => log(`[slack] response_url got: ${JSON.stringify(body)}`),
    });
    const { value: gateway, movedFrom: portMoved } = await listenOnPort('port', options.port, DEFAULT_PORT, (port) =>
      startApiGateway({
        handler: (event) => invoke(event),
        port,
        context,
        fallback: consoleHandler,
        log: (line) => log(`[http] ${line}`),
        shape: options.apigw === true ? 'apigw' : 'function-url',
      }),
    );
    api = gateway;
    closers.push(() => gateway.close());
    if (options.watch !== undefined && options.watch.length > 0) {
      const watcher = watchSources(options.watch, (changed) => {
        log(
          `[stack] ${changed} changed: reloading the function${/(^|\/)lib\/tools\//.test(changed) ? ' (the stack itself, lib/tools, runs on until you restart it)' : ''}`,
        );
        fn.reload().then(
          () => log(`[stack] function reloaded (generation ${fn.generation})`),
          (e: unknown) => log(`[stack] the function did not start: ${e instanceof Error ? e.message : String(e)}; fix the code and save again`),
        );
      });
      closers.push(() => watcher.close());
    }
    return {
      consoleUrl: `${gateway.url}/`,
      apiUrl: gateway.url,
      emulatorUrl: emulator.url,
      moved: { port: portMoved, emulatorPort: emulatorMoved },
      secretId: credential?.secretId ?? null,
      ignored,
      warnings: localWarnings(shell, {}),
      authSecretName: env['RESET_AUTH_SECRET'] ?? null,
      callerKey: keys.callerKey,
      slack: { secret: keys.slackSecret, user: firstOf(env['RESET_SLACK_USERS']), channel: firstOf(env['RESET_SLACK_CHANNELS']) },
      functionName,
      apigw: options.apigw === true,
      timers: () => timers.list(),
      emulator,
      fn,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
