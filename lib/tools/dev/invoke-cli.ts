/**
 * npm run invoke -- --event FILE [--seed FILE] [--env FILE] [--sign]
 * Prints ONE JSON document on stdout: {"response", "published", "calls"}; logs go to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { invokeOnce } from './invoke';

const USAGE =
  'usage: npm run invoke -- --event FILE [--seed FILE] [--env FILE] [--sign]\n  --sign  sign an HTTP event (POST /reset, POST /alarm) with the first caller key of the seed';

async function main(): Promise<number> {
  let values: { event?: string | undefined; seed?: string | undefined; env?: string | undefined; sign?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: {
        event: { type: 'string' },
        seed: { type: 'string' },
        env: { type: 'string' },
        sign: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.event) {
    process.stderr.write(`--event is required\n${USAGE}\n`);
    return 2;
  }
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(values.event, 'utf8')) as unknown;
  } catch (e) {
    process.stderr.write(`cannot read the event ${values.event}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    const out = await invokeOnce({
      event,
      seedFile: values.seed,
      envFile: values.env,
      sign: values.sign === true,
      shell: process.env,
      log: (line) => process.stderr.write(`${line}\n`),
      note: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`invoke failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

main().then((code) => process.exit(code));
