/** `npx ecm-reset event KIND [options]` (alias `npm run -s event -- KIND …`): a real-shaped event on stdout. */

import { fileOption, parseCli, UsageError } from '../../cli/args';
import type { CliCommand } from '../../cli/command';
import { cliCommand } from '../../cli/run-command';
import { seedOption } from '../../cli/seed-option';
import { instanceUuid } from '../../emulator/index';
import { demoKeys } from '../demo-keys';
import { localEnvironment } from '../local-env';
import { signHttpEvent } from '../sign-event';
import { buildEvent, EVENT_KINDS, EventInputError, type EventKind, HTTP_KINDS } from './event-kinds';

const USAGE = `usage: npx ecm-reset event KIND [--instance ID]… [--selector tag:K=V] [--reason TEXT] [--uuid] [--sign]
                                 (alias: npm run -s event -- KIND …)
KIND, as SCF hands the event to the function:
  function-url       POST /reset through the function URL (SCF doc 583/96099; the client IP in x-scf-remote-addr)
  apigw              POST /reset through a legacy API Gateway trigger (integrated request)
  slack              a /reset slash command through the function URL (form-encoded, as Slack sends it)
  alarm              Cloud Monitor's alarm callback body as its SCF-target callback delivers it (doc 248/9066)
  alarm-recovered    the same alarm recovered (alarmStatus 0): acknowledged and ignored
  eventbridge-alarm  the alarm as an EventBridge CloudEvent
  timer              a timer firing whose Message is a reset request
  fleet-timer        the nightly fleet timer: {"selector":"tag:fleet=nightly",…}
  ckafka, cmq        a queue batch of one record whose body is a reset request
  invoke             the request itself (a direct SCF Invoke)
  --instance ID      an instance to reset (repeat it; default ein-aaaaaaaa; an alarm names exactly one)
  --selector tag:K=V every allowed instance with that tag, instead of ids
  --reason TEXT      the request's reason
  --uuid             alarm, alarm-recovered: name the instance by its ECM UUID (from the seed), as ECM's metrics do
  --sign             function-url, apigw: v1-sign with the seed's caller key; slack: v0-sign with its signing secret
  --seed FILE, --env FILE  where --uuid and --sign find the instance and the keys (default the demo's)
Example: npx ecm-reset event alarm --instance ein-aaaaaaaa | npx ecm-reset invoke --event -`;

export const eventCommand = cliCommand({
  name: 'event',
  summary: `prints a real-shaped trigger event: ${EVENT_KINDS.join(', ')}`,
  usage: USAGE,
  main: async (args, io) => {
    const { values, positionals } = parseCli(args, {
      allowPositionals: true,
      options: {
        instance: { type: 'string', multiple: true },
        selector: { type: 'string' },
        reason: { type: 'string' },
        uuid: { type: 'boolean' },
        sign: { type: 'boolean' },
        seed: { type: 'string' },
        env: { type: 'string' },
      },
    });
    const [kind, ...extra] = positionals;
    if (kind === undefined) throw new UsageError(`which event? KIND is one of ${EVENT_KINDS.join(', ')}`);
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown event kind "${kind}"; one of ${EVENT_KINDS.join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}": every value needs its --option`);
    const k = kind as EventKind;
    if (values.sign === true && !HTTP_KINDS.includes(k)) throw new UsageError(`--sign is for ${HTTP_KINDS.join(', ')}: a ${k} event carries no signature`);
    if (values.selector !== undefined && !/^tag:[^=]+=.*$/.test(values.selector)) throw new UsageError('--selector takes tag:KEY=VALUE');
    const { seed } = await seedOption(io, values.seed);
    const envFile = await fileOption(io, 'env', values.env);
    const { env } = localEnvironment(seed, { kind: 'own-emulator', url: 'http://127.0.0.1:4566' }, envFile ?? null, io.env);
    const instances = values.instance ?? [];
    let uuid: string | undefined;
    if (values.uuid === true) {
      const id = instances[0] ?? 'ein-aaaaaaaa';
      const found = seed.instances.find((i) => i.instanceId === id);
      if (found === undefined) throw new UsageError(`--uuid: ${id} is not an instance of the seed, so its UUID is unknown`);
      uuid = instanceUuid(found);
    }
    const slackUser = env['RESET_SLACK_USERS']?.split(',')[0]?.trim();
    const slackChannel = env['RESET_SLACK_CHANNELS']?.split(',')[0]?.trim();
    let event: unknown;
    try {
      event = buildEvent(k, {
        instances,
        selector: values.selector,
        reason: values.reason,
        uuid,
        ...(slackUser && slackChannel ? { slack: { user: slackUser, channel: slackChannel } } : {}),
        now: Date.now(),
      });
    } catch (error) {
      if (error instanceof EventInputError) throw new UsageError(error.message);
      throw error;
    }
    if (values.sign === true) event = signHttpEvent(event, demoKeys(seed, env), Math.floor(Date.now() / 1000));
    io.stdout(`${JSON.stringify(event, null, 2)}\n`);
    return 0;
  },
});
