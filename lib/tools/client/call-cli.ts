/**
 * `npx ecm-reset call --url URL --instances ID,… --reason TEXT [options]` (alias `npm run -s call -- …`):
 * one signed `POST /reset`; with `--release`, one signed `POST /release` (escalated instances a
 * human lets be reset again).
 * The answer goes to stdout as pretty JSON (status line on stderr) so scripts can pipe it;
 * exit code 0 for 2xx (for a release: 200), 1 for any other answer or a failed connection, 2 for usage errors.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { MIN_AUTH_KEY_LENGTH } from '../../function/http/auth-keys';
import type { CliCommand } from '../cli/command';
import type { FetchLike } from './reset-client';
import { type CallResetResult, callRelease, callReset, type ReleaseBody, resetUrl } from './reset-client';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  fetchImpl?: FetchLike;
}

export const CALL_USAGE = `usage: npx ecm-reset call --url URL --instances ID,… --reason TEXT     (alias: npm run -s call -- …)
       [--image IMG] [--keep-data true|false] [--keep-image-login true|false] [--dry-run]
       [--requested-by WHO] [--idempotency-key K] [--key-file FILE]
       npx ecm-reset call --release --url URL --instances ID,… --reason TEXT
       [--requested-by WHO] [--key-file FILE]
--release sends POST /release: the escalated instances among the ids may be reset again.
The key comes from --key-file FILE or the RESET_CALLER_KEY environment variable.
--url defaults to RESET_URL.`;

/** Options of a reset request that a release does not take. */
const RESET_ONLY = ['image', 'keep-data', 'keep-image-login', 'dry-run', 'idempotency-key'] as const;

class UsageError extends Error {}

/** Runs the command; returns the exit code instead of exiting so it can be tested in-process. */
export async function runCall(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  let parsed: Awaited<ReturnType<typeof parseCommandLine>>;
  try {
    parsed = await parseCommandLine(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${CALL_USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(`${CALL_USAGE}\n`);
    return 0;
  }
  const { url, key } = parsed;
  if (isPlainRemoteHttp(url)) {
    io.stderr('warning: plain http to a non-loopback host: the request is signed but readable on the way\n');
  }
  const fetchImpl = io.fetchImpl ? { fetchImpl: io.fetchImpl } : {};
  try {
    const { status, body }: CallResetResult =
      parsed.kind === 'release'
        ? await callRelease({ url, key, request: parsed.request, ...fetchImpl })
        : await callReset({ url, key, request: parsed.request, ...fetchImpl });
    io.stderr(`HTTP ${status}\n`);
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    if (parsed.kind === 'release') return status === 200 ? 0 : 1;
    return status >= 200 && status < 300 ? 0 : 1;
  } catch (error) {
    // Only the error's own text: the key is never part of what callReset throws.
    io.stderr(`request failed: ${error instanceof Error ? describe(error) : String(error)}\n`);
    return 1;
  }
}

async function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  // Checked before parseArgs so the message explains instead of saying "unknown option".
  if (argv.some((arg) => arg === '--key' || arg.startsWith('--key='))) {
    throw new UsageError(
      '--key is not supported: a key on the command line ends up in shell history and in `ps`. ' +
        'Use --key-file FILE or the RESET_CALLER_KEY environment variable.',
    );
  }
  const values = parseFlags(argv);
  if (values.help === true) return 'help';

  const url = values.url ?? env['RESET_URL'];
  if (!url) throw new UsageError('--url is required (or set RESET_URL)');
  try {
    resetUrl(url);
  } catch (error) {
    throw new UsageError(`--url: ${error instanceof Error ? error.message : String(error)}`);
  }

  const instanceIds = (values.instances ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (instanceIds.length === 0) throw new UsageError('--instances is required: comma-separated instance ids');
  const reason = values.reason?.trim();
  if (!reason) throw new UsageError('--reason is required');

  if (values.release === true) {
    const resetOnly = RESET_ONLY.filter((name) => values[name] !== undefined);
    if (resetOnly.length > 0) throw new UsageError(`--release takes no ${resetOnly.map((n) => `--${n}`).join(', ')}: those are options of a reset request`);
    const release: ReleaseBody = { instanceIds, reason, ...optional('requestedBy', values['requested-by'] ?? defaultRequester()) };
    return { kind: 'release' as const, url, key: await readKey(values['key-file'], env), request: release };
  }

  const request: Record<string, unknown> = { instanceIds, reason };
  if (values.image !== undefined) request['imageId'] = values.image;
  if (values['keep-data'] !== undefined) request['keepData'] = parseBoolean('--keep-data', values['keep-data']);
  if (values['keep-image-login'] !== undefined) {
    request['keepImageLogin'] = parseBoolean('--keep-image-login', values['keep-image-login']);
  }
  if (values['dry-run'] === true) request['dryRun'] = true;
  const requestedBy = values['requested-by'] ?? defaultRequester();
  if (requestedBy !== undefined) request['requestedBy'] = requestedBy;
  if (values['idempotency-key'] !== undefined) request['idempotencyKey'] = values['idempotency-key'];

  return { kind: 'reset' as const, url, key: await readKey(values['key-file'], env), request };
}

const optional = <K extends string>(name: K, value: string | undefined): { [P in K]?: string } =>
  (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        instances: { type: 'string' },
        reason: { type: 'string' },
        image: { type: 'string' },
        'keep-data': { type: 'string' },
        'keep-image-login': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'requested-by': { type: 'string' },
        'idempotency-key': { type: 'string' },
        'key-file': { type: 'string' },
        release: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // parseArgs quotes a stray positional argument, which may well be a pasted key.
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('unexpected positional argument: every value needs its --flag');
    }
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function readKey(keyFile: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  let key: string;
  if (keyFile !== undefined) {
    try {
      key = await readFile(keyFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new UsageError(`cannot read --key-file ${keyFile}: ${code}`);
    }
  } else {
    key = env['RESET_CALLER_KEY'] ?? '';
  }
  // Trimmed like the function trims RESET_AUTH_SECRET, so a trailing newline in the file is harmless.
  key = key.trim();
  if (key === '') throw new UsageError('no key: use --key-file FILE or set RESET_CALLER_KEY');
  if (key.length < MIN_AUTH_KEY_LENGTH) {
    throw new UsageError(`the key is shorter than ${MIN_AUTH_KEY_LENGTH} characters; the function would reject it`);
  }
  return key;
}

function parseBoolean(flag: string, value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`${flag} takes true or false`);
}

/** The local user name, so the result messages say who ran the command unless told otherwise. */
function defaultRequester(): string | undefined {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return undefined;
  }
}

function isPlainRemoteHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}

/** fetch failures say only "fetch failed"; the useful part (ECONNREFUSED, …) is in `cause`. */
function describe(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

export const callCommand: CliCommand = {
  name: 'call',
  summary: 'a signed POST /reset (or, with --release, POST /release) from the command line (for scripts and ChatOps bots)',
  usage: CALL_USAGE,
  run: (args, io) => runCall(args, io.env, io),
};
