/** `npx ecm-reset start` (alias `npm start`): the local stack, until Ctrl-C. */
import { fileURLToPath } from 'node:url';
import { fileOption, parseCli, portOption } from '../cli/args';
import type { CliCommand } from '../cli/command';
import { cliCommand } from '../cli/run-command';
import { untilSignal } from '../cli/serve';
import { banner } from './banner';
import { DEFAULT_EMULATOR_PORT, DEFAULT_PORT, startLocalStack } from './start';

const SOURCES = ['lib', 'functions'].map((dir) => fileURLToPath(new URL(`../../../${dir}/`, import.meta.url)));

const USAGE = `usage: npx ecm-reset start [--port N] [--emulator-port N] [--seed FILE] [--env FILE] [--apigw]     (alias: npm start -- …)
  --port N           the HTTP entry and console on 127.0.0.1:N (default ${DEFAULT_PORT}, or a free port when it is busy; 0 = any)
  --emulator-port N  the emulator (default ${DEFAULT_EMULATOR_PORT}, or a free port when it is busy; 0 = any)
                     A port given explicitly must be free: a busy one is an error.
  --seed FILE        emulator seed (default examples/seed.json)
  --env FILE         the function's environment (default examples/local.env); RESET_* in your shell override it
  --apigw            hand the function the legacy API Gateway trigger's event instead of the function URL's
The configuration is checked first: an invalid one is an error naming the variables (exit 1), unknown
RESET_* names are warned about. The function reloads when a file under lib/ or functions/ changes.
Ctrl-C stops everything.`;

export const startCommand = cliCommand({
  name: 'start',
  summary: 'the local stack: emulator, the function behind a local HTTP entry, timers, live console',
  usage: USAGE,
  main: async (args, io) => {
    const { values } = parseCli(args, {
      options: {
        port: { type: 'string' },
        'emulator-port': { type: 'string' },
        seed: { type: 'string' },
        env: { type: 'string' },
        apigw: { type: 'boolean' },
      },
    });
    const stack = await startLocalStack({
      port: portOption('port', values.port),
      emulatorPort: portOption('emulator-port', values['emulator-port']),
      seed: await fileOption(io, 'seed', values.seed),
      envFile: await fileOption(io, 'env', values.env),
      apigw: values.apigw === true,
      shell: io.env,
      watch: SOURCES,
      log: (line) => io.stdout(`${line}\n`),
    });
    io.stdout(banner(stack));
    const signal = await untilSignal();
    io.stdout(`${signal}: stopping the local stack\n`);
    await stack.close();
    return 0;
  },
});
