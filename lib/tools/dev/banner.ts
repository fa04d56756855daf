/** What `npm start` prints: where everything is, and signed requests to paste (the signature is computed when they run). */
import type { LocalStack } from './start';

/** A shell-quoted word. */
const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A signed `POST /reset` to paste into bash: the signature is computed when it runs (openssl), so
 * it works at any time, unlike a pre-signed one that expires after 300 s.
 */
export function curlCommand(apiUrl: string, key: string, body: string): string {
  return (
    `KEY=${sq(key)}; body=${sq(body)}; ts=$(date +%s); ` +
    `sig=$(printf 'v1:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$KEY" -hex | sed 's/^.*= //'); ` +
    `curl -sS -X POST ${apiUrl}/reset -H 'content-type: application/json' -H "x-reset-timestamp: $ts" -H "x-reset-signature: v1=$sig" --data-raw "$body"`
  );
}

/**
 * A Slack slash command as Slack sends it (form-encoded, v0-signed with the app's signing secret
 * when it runs); its response_url is the console's, which logs the outcome the deferred run posts.
 * The trigger id carries the time, so each paste is a new command.
 */
export function slackCurlCommand(apiUrl: string, secret: string, who: { user: string; channel: string }, text: string): string {
  const form = new URLSearchParams({
    token: 'local-demo',
    team_id: 'T0LOCAL01',
    team_domain: 'local',
    channel_id: who.channel,
    channel_name: 'ops',
    user_id: who.user,
    user_name: 'demo',
    command: '/reset',
    text,
    response_url: `${apiUrl}/_console/slack-response`,
  }).toString();
  return (
    `SECRET=${sq(secret)}; ts=$(date +%s); body=${sq(form)}"&trigger_id=$ts.local"; ` +
    `sig=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.*= //'); ` +
    `curl -sS -X POST ${apiUrl}/slack -H 'content-type: application/x-www-form-urlencoded' -H "x-slack-request-timestamp: $ts" -H "x-slack-signature: v0=$sig" --data-raw "$body"`
  );
}

export function banner(stack: LocalStack): string {
  const moved = (what: number | null) => (what === null ? '' : `  (port ${what} was busy: a free port instead)`);
  const lines = [
    'ecm-reset local stack',
    `  console    ${stack.consoleUrl}`,
    `  API        ${stack.apiUrl}  (POST /reset, POST /slack, POST /alarm?token=…, GET /health; the ${stack.apigw ? "legacy API Gateway trigger's" : "function URL's"} event)${moved(stack.moved.port)}`,
    `  emulator   ${stack.emulatorUrl}  (admin API ${stack.emulatorUrl}/_emulator/state; POST …/_emulator/reset puts the demo back)${moved(stack.moved.emulatorPort)}`,
    `  function   ${stack.functionName} as SecretId ${stack.secretId ?? '(none)'}; policy from examples/local.env (RESET_* in your shell override it)`,
    `  caller key first key of SSM secret ${stack.authSecretName ?? '(RESET_AUTH_SECRET not set)'}`,
    ...stack.ignored.map((name) => `  ignored    ${name}`),
    ...stack.warnings.map((w) => `  warning    ${w}`),
  ];
  const timers = stack.timers();
  for (const [index, t] of timers.entries()) {
    const when = t.enable ? `next ${t.next === null ? 'never' : new Date(t.next).toString().slice(0, 24)}` : 'disabled';
    lines.push(`  ${index === 0 ? 'timers    ' : '          '} ${t.name} '${t.cronExpression}' ${when}`);
  }
  if (timers.length > 0) lines.push(`             fire one now: curl -X POST ${stack.apiUrl}/_console/timers/NAME (or the console's buttons)`);
  lines.push('', 'The function reloads when a file under lib/ or functions/ changes; the emulator keeps its state.');
  if (stack.callerKey !== null) {
    const body = JSON.stringify({ instanceIds: ['ein-bbbbbbbb'], reason: 'demo from curl' });
    lines.push(
      '',
      `The demo keys below are only valid against this local emulator (they are the seed's secrets).`,
      'A signed reset request (the signature is computed when you run it):',
      `  ${curlCommand(stack.apiUrl, stack.callerKey, body)}`,
    );
  }
  if (stack.slack.secret !== null && stack.slack.user !== null && stack.slack.channel !== null) {
    lines.push(
      'A signed Slack slash command (/reset ein-web00003 -- …): answered at once, the outcome follows on its response_url (logged here):',
      `  ${slackCurlCommand(stack.apiUrl, stack.slack.secret, { user: stack.slack.user, channel: stack.slack.channel }, 'ein-web00003 -- demo from Slack')}`,
    );
  }
  if (stack.callerKey !== null) {
    lines.push(
      'The same with the CLI, and an alarm event run against this emulator:',
      `  RESET_CALLER_KEY=${stack.callerKey} npx ecm-reset call --url ${stack.apiUrl} --instances ein-aaaaaaaa --reason "demo"`,
      `  npx ecm-reset event alarm --instance ein-flaky001 | RESET_API_ENDPOINT=${stack.emulatorUrl} npx ecm-reset invoke --event -`,
      'Each instance has a 1 h cooldown: a second reset of the same one answers 409 (the console shows until when; its Reset demo button starts over).',
    );
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  return lines.join('\n');
}
