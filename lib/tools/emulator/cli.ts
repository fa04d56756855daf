import { parseArgs } from 'node:util';
import { createEmulator } from './emulator';
import type { EmulatorLogger } from './runtime';
import { DEMO_SEED_PATH, loadSeed, SeedError } from './seed';

/** Without --port the emulator listens where RESET_API_ENDPOINT examples point. */
const DEFAULT_PORT = 4566;

/** Calls go to stderr, so stdout stays the two-line banner scripts can read. */
const stderrLogger: EmulatorLogger = {
  info: (message, fields) => process.stderr.write(`${new Date().toISOString()} ${message} ${JSON.stringify(fields ?? {})}\n`),
  warn: (message, fields) => process.stderr.write(`${new Date().toISOString()} WARN ${message} ${JSON.stringify(fields ?? {})}\n`),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(
      'usage: npm run emulator -- [--port N] [--seed FILE]\n  --port N    port on 127.0.0.1 (0 = any free port; default 4566)\n  --seed FILE seed JSON (default examples/seed.json)\n',
    );
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, not "${values.port ?? ''}"`);
  const seed = await loadSeed(values.seed ?? DEMO_SEED_PATH);
  const emulator = await createEmulator({ port, seed, logger: stderrLogger });
  process.stdout.write(`emulator listening on ${emulator.url}\n`);
  // Only SecretIds: the keys stay in the seed file.
  const ids = seed.credentials.map((c) => `${c.secretId}${c.token === null ? '' : ' (temporary: needs its token)'}`);
  process.stdout.write(`credentials (keys in the seed file): ${ids.join(', ')}\n`);
  process.stdout.write(`admin API: ${emulator.url}/_emulator/state\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof SeedError || error instanceof UsageError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
