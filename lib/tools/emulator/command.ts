/** `npx ecm-reset emulator` / `npm run -s emulator`: the Tencent Cloud API emulator alone. */
import { parseCli, portOption } from '../cli/args';
import type { CliCommand } from '../cli/command';
import { cliCommand } from '../cli/run-command';
import { seedOption } from '../cli/seed-option';
import { listenOnPort, untilSignal } from '../cli/serve';
import { createEmulator } from './emulator';
import type { EmulatorLogger } from './runtime';

/** Without --port the emulator listens where RESET_API_ENDPOINT examples point. */
export const DEFAULT_EMULATOR_PORT = 4566;

const USAGE = `usage: npx ecm-reset emulator [--port N] [--seed FILE]     (alias: npm run -s emulator -- …)
  --port N     port on 127.0.0.1 (default ${DEFAULT_EMULATOR_PORT}, or a free one when it is busy; a busy port given here is an error; 0 = any)
  --seed FILE  seed JSON (default examples/seed.json)
The first stdout line is "emulator listening on http://127.0.0.1:PORT"; every call is logged on stderr.
Ctrl-C stops it.`;

export const emulatorCommand = cliCommand({
  name: 'emulator',
  summary: 'the Tencent Cloud API emulator alone (ECM, SSM, TDMQ, Tag, SCF, CAM, COS) with the demo seed',
  usage: USAGE,
  main: async (args, io) => {
    const { values } = parseCli(args, { options: { port: { type: 'string' }, seed: { type: 'string' } } });
    const port = portOption('port', values.port);
    const { seed } = await seedOption(io, values.seed);
    // Calls go to stderr, so stdout stays the lines scripts read.
    const logger: EmulatorLogger = {
      info: (message, fields) => io.stderr(`${new Date().toISOString()} ${message} ${JSON.stringify(fields ?? {})}\n`),
      warn: (message, fields) => io.stderr(`${new Date().toISOString()} WARN ${message} ${JSON.stringify(fields ?? {})}\n`),
    };
    const { value: emulator, movedFrom } = await listenOnPort('port', port, DEFAULT_EMULATOR_PORT, (p) => createEmulator({ port: p, seed, logger }));
    io.stdout(`emulator listening on ${emulator.url}\n`);
    // Only SecretIds: the keys stay in the seed file.
    const ids = seed.credentials.map((c) => `${c.secretId}${c.token === null ? '' : ' (temporary: needs its token)'}`);
    io.stdout(`credentials (keys in the seed file): ${ids.join(', ')}\n`);
    io.stdout(`admin API: ${emulator.url}/_emulator/state\n`);
    if (movedFrom !== null) io.stderr(`note: port ${movedFrom} was busy: listening on ${emulator.port} instead\n`);
    await untilSignal();
    await emulator.close();
    return 0;
  },
});
