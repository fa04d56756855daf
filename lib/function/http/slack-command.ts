/**
 * The Slack slash command: its form fields, the command text turned into a `POST /reset` body,
 * and the reply Slack shows to the user.
 */
import * as v from 'valibot';
import { echo } from '../kernel/echo';
import { AppError } from '../kernel/errors';
import { issuesOf } from '../kernel/issues';
import type { Outcome } from '../pipeline/outcome';
import type { SlackMessage } from '../slack/slack-responder';
import type { HttpResponse } from './http-response';
import { jsonResponse } from './http-response';

const Field = v.pipe(v.string(), v.nonEmpty());

/**
 * The fields we use. `v.object`, not `v.strictObject`: Slack sends more (`token`, `team_domain`,
 * `api_app_id`, …) and adds fields over time; unknown ones are dropped from the output, so the
 * deprecated verification `token` goes no further than here.
 */
export const SlackCommandSchema = v.object({
  user_id: Field,
  user_name: v.optional(v.string(), ''),
  channel_id: Field,
  team_id: Field,
  command: Field,
  text: v.optional(v.string(), ''),
  response_url: v.optional(v.string()),
  trigger_id: v.optional(v.string()),
});

export type SlackCommand = v.InferOutput<typeof SlackCommandSchema>;

/** Parses the form-encoded body of a slash command (call only after the signature verified). */
export function parseSlackForm(rawBody: string): SlackCommand | AppError {
  const fields: Record<string, string> = {};
  // First value wins, like HttpRequest.query; Slack never repeats a field.
  for (const [name, value] of new URLSearchParams(rawBody)) if (!(name in fields)) fields[name] = value;
  const result = v.safeParse(SlackCommandSchema, fields);
  if (result.success) return result.output;
  return new AppError('Request.Invalid', 'Not a Slack slash command form', { issues: issuesOf(result.issues) });
}

/** The usage text, also the answer to `help` and to an empty command. */
export function slackUsage(command = '/reset'): string {
  return [
    `Usage: ${command} ein-xxxxxxxx [ein-yyyyyyyy …] [image=img-xxxxxxxx] [keep-data=true|false]`,
    '       [keep-image-login=true|false] [dry-run] -- reason',
    `Example: ${command} ein-aaaaaaaa ein-bbbbbbbb dry-run -- disk full after deploy`,
    'Everything after -- is the reason (required). keep-data=false wipes the data disk and must be allowed by the function.',
  ].join('\n');
}

/** Option name → the request field it sets; all but `image` take true|false. */
const OPTIONS = {
  image: 'imageId',
  'keep-data': 'keepData',
  'keep-image-login': 'keepImageLogin',
  'dry-run': 'dryRun',
} as const;
type OptionName = keyof typeof OPTIONS;
const isOption = (name: string): name is OptionName => Object.hasOwn(OPTIONS, name);

/**
 * The separator before the reason. Slack clients on macOS turn a typed `--` into an em or en dash,
 * so those count too.
 */
const REASON_SEPARATOR = /(?:^|\s)(?:--|\u2014|\u2013)(?:\s|$)/;

/**
 * Turns `ein-aaaaaaaa ein-bbbbbbbb image=img-cccccccc keep-data=false -- reason words` into the
 * `POST /reset` body. Ids are only recognised by their `ein-` prefix; the request schema checks
 * them properly later. Errors are `Request.Invalid` with a message meant for the Slack user.
 */
export function parseSlackText(text: string, command = '/reset'): { payload: Record<string, unknown> } | AppError {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'help') return invalid(slackUsage(command));

  const separator = REASON_SEPARATOR.exec(trimmed);
  const reason = separator === null ? '' : trimmed.slice(separator.index + separator[0].length).trim();
  if (separator === null || reason === '') return invalid(`Add a reason after --, e.g. ${command} ein-aaaaaaaa -- disk full`);

  const instanceIds: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (const token of trimmed
    .slice(0, separator.index)
    .split(/[\s,]+/)
    .filter((t) => t !== '')) {
    if (/^ein-/i.test(token)) {
      instanceIds.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const name = (equals < 0 ? token : token.slice(0, equals)).toLowerCase();
    const value = equals < 0 ? undefined : token.slice(equals + 1);
    if (!isOption(name)) {
      return invalid(
        equals < 0
          ? `"${clip(token)}" is neither an instance id (ein-…) nor an option. ${knownOptions()}`
          : `Unknown option "${clip(name)}". ${knownOptions()}`,
      );
    }
    const field = OPTIONS[name];
    if (field in options) return invalid(`Option ${name} is given twice`);
    const parsed = parseOptionValue(name, value);
    if (parsed instanceof AppError) return parsed;
    options[field] = parsed;
  }
  if (instanceIds.length === 0) return invalid(`Name at least one instance id (ein-…) before --`);
  return { payload: { instanceIds, ...options, reason } };
}

function parseOptionValue(name: OptionName, value: string | undefined): string | boolean | AppError {
  if (name === 'image') return value ? value : invalid('image needs a value: image=img-xxxxxxxx');
  // A bare `dry-run` is the natural way to ask for one; the other switches must be explicit.
  if (name === 'dry-run' && value === undefined) return true;
  const lower = value?.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  return invalid(`${name} takes true or false, e.g. ${name}=false`);
}

const knownOptions = (): string => 'Options: image=, keep-data=, keep-image-login=, dry-run.';
/** User text echoed back is shortened so a pasted blob does not flood the reply (nor the result message). */
const clip = (s: string): string => echo(s, 40);
const invalid = (message: string): AppError => new AppError('Request.Invalid', message);

/**
 * A reply to a slash command. Always HTTP 200, errors included: Slack shows the text of a 200
 * answer to the user, but replaces any other status with a generic "failed with the error"
 * notice, so the explanation would be lost. Ephemeral (only the caller sees it) unless
 * `inChannel`. `&`, `<` and `>` are escaped as Slack requires, so echoed input cannot turn
 * into `<!channel>` mentions or links.
 */
export function slackReply(text: string, options: { inChannel?: boolean } = {}): HttpResponse {
  return jsonResponse(200, slackMessage(text, options));
}

/** What Slack shows of an outcome: its type and id, why, and one line per instance. */
export function slackText(o: Pick<Outcome, 'type' | 'id' | 'error' | 'results'>): string {
  const lines = [`${o.type}${o.id ? ` (${o.id})` : ''}`];
  if (o.error) lines.push(o.error.message);
  for (const r of o.results) lines.push(`• ${r.instanceId}: ${r.status} ${r.code}${r.message ? ` – ${r.message}` : ''}`);
  return lines.join('\n');
}

/** The body of a reply (also what a deferred outcome posts to the command's response_url). */
export function slackMessage(text: string, options: { inChannel?: boolean } = {}): SlackMessage {
  return {
    response_type: options.inChannel === true ? 'in_channel' : 'ephemeral',
    text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  };
}
