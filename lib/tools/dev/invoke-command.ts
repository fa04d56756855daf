/**
 * `npx ecm-reset invoke --event FILE|- [--seed FILE] [--env FILE] [--sign]` (alias `npm run -s invoke -- …`).
 * Prints ONE JSON document on stdout: {"response", "published", "calls"}; logs and notes go to stderr.
 * Exit 0 when the invocation succeeded, 1 when it answered ≥ 400, was refused or failed, or threw; 2 usage.
 */
import { fileOption, parseCli, readJsonOption, UsageError } from '../cli/args';
import type { CliCommand } from '../cli/command';
import { cliCommand } from '../cli/run-command';
import { seedOption } from '../cli/seed-option';
import { invocationSucceeded, invokeOnce } from './invoke';

const USAGE = `usage: npx ecm-reset invoke --event FILE|- [--seed FILE] [--env FILE] [--sign]     (alias: npm run -s invoke -- …)
  --event FILE  the event, as SCF hands it to the function; - reads it from stdin (npx ecm-reset event KIND | …)
  --seed FILE   the emulator's seed (default examples/seed.json)
  --env FILE    the function's environment (default examples/local.env); RESET_* in your shell override it
  --sign        sign an HTTP event now with the seed's demo keys: v1 for POST /reset, Slack's v0 for
                POST /slack, ?token= for POST /alarm
Runs the handler once against RESET_API_ENDPOINT when set, else an ephemeral emulator with the seed, and
prints {"response", "published", "calls"}: the answer, the messages this invocation published and the API
calls it made (service, action, params, httpStatus, error, fault), every secret redacted.
Exit 0: a 2xx answer, or a result that is accepted, partial, dry-run, a duplicate or an ignored recovery;
1: an answer ≥ 400, a refused or failed result (any record of a batch), a thrown error or an invalid
configuration; 2: a usage error.`;

export const invokeCommand = cliCommand({
  name: 'invoke',
  summary: 'one invocation of the handler; prints {"response","published","calls"} as one JSON document',
  usage: USAGE,
  main: async (args, io) => {
    const { values } = parseCli(args, {
      options: { event: { type: 'string' }, seed: { type: 'string' }, env: { type: 'string' }, sign: { type: 'boolean' } },
    });
    if (values.event === undefined) throw new UsageError('--event is required (a file, or - for stdin)');
    const { seed } = await seedOption(io, values.seed);
    const envFile = await fileOption(io, 'env', values.env);
    const event = await readJsonOption(io, 'event', values.event);
    const out = await invokeOnce({
      event,
      seed,
      seedGiven: values.seed !== undefined,
      envFile,
      sign: values.sign === true,
      shell: io.env,
      log: (line) => io.stderr(`${line}\n`),
      note: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return invocationSucceeded(out.response, out.published) ? 0 : 1;
  },
});
