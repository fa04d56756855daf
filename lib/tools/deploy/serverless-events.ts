/**
 * `inputs.events` of serverless.yml: each item is `- <type>: {parameters: {…}}`, with the parameters and
 * defaults of the `scf` component (serverless-components/tencent-scf docs/configure.md) and of the
 * toolkit that creates the triggers (serverless-tencent/tencent-component-toolkit src/modules/triggers/:
 * timer.ts, http.ts, ckafka.ts).
 */
import * as v from 'valibot';
import { AppError } from '../../function/kernel/errors';

export interface TimerSpec {
  readonly name: string;
  /** 7 fields (second minute hour day month weekday year), or the legacy 5 (doc 583/9708). */
  readonly cronExpression: string;
  /** The event's `Message` (CreateTrigger's CustomArgument); empty when absent. */
  readonly argument: string;
  /** The component's default is false: a timer without `enable: true` is created closed. */
  readonly enable: boolean;
  readonly qualifier: string;
}

/** The function URL (CreateTrigger type `http`, doc 583/100227). */
export interface HttpSpec {
  /** The toolkit's default is `url-trigger`. */
  readonly name: string;
  readonly qualifier: string;
  /** `NONE`: anonymous callers (the function checks its own signatures); `CAM`: callers sign with TC3 and need scf:InvokeFunctionUrl. */
  readonly authType: 'NONE' | 'CAM';
  readonly enableIntranet: boolean;
  readonly enableExtranet: boolean;
}

/** A CKafka trigger: the user's instance and topic, in the function's region (doc 583/17530). */
export interface CkafkaSpec {
  /** `<instanceId>-<topic>`: how the toolkit names the trigger, and how SCF knows which instance and topic (UNCONFIRMED in Tencent's docs). */
  readonly name: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly qualifier: string;
  readonly maxMsgNum: number;
  /** `latest` (the component's only documented value), `earliest` or a timestamp in ms. */
  readonly offset: string;
  readonly retry: number;
  /** Seconds, 1–60 (TriggerDesc `timeOut`). */
  readonly timeOut: number;
  readonly consumerGroupName: string | null;
  readonly enable: boolean;
}

const Num = v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))], 'must be a whole number');
const Bool = v.union(
  [
    v.boolean(),
    v.pipe(
      v.picklist(['true', 'false']),
      v.transform((s) => s === 'true'),
    ),
  ],
  'must be true or false',
);
const Text = v.pipe(
  v.union([v.string(), v.number()]),
  v.transform((x) => String(x)),
);

const TimerSchema = v.looseObject({
  // Older files put `name` next to `parameters`; the component reads it from `parameters`.
  name: v.optional(v.string()),
  parameters: v.looseObject({
    name: v.optional(v.string()),
    qualifier: v.optional(v.string(), '$DEFAULT'),
    cronExpression: v.string(),
    argument: v.optional(Text, ''),
    enable: v.optional(Bool, false),
  }),
});

const HttpSchema = v.looseObject({
  parameters: v.optional(
    v.looseObject({
      name: v.optional(v.string(), 'url-trigger'),
      qualifier: v.optional(v.string(), '$DEFAULT'),
      authType: v.optional(v.picklist(['NONE', 'CAM'], 'authType is NONE or CAM'), 'NONE'),
      netConfig: v.optional(v.looseObject({ enableIntranet: v.optional(Bool, false), enableExtranet: v.optional(Bool, false) }), {}),
    }),
    {},
  ),
});

const CkafkaSchema = v.looseObject({
  parameters: v.looseObject({
    name: v.pipe(v.string(), v.nonEmpty('name (the CKafka instance id) is required')),
    topic: v.pipe(v.string(), v.nonEmpty('topic is required')),
    qualifier: v.optional(v.string(), '$DEFAULT'),
    maxMsgNum: v.optional(Num, 100),
    offset: v.optional(Text, 'latest'),
    retry: v.optional(Num, 10_000),
    timeout: v.optional(Num, 60),
    consumerGroupName: v.optional(v.string()),
    enable: v.optional(Bool, false),
  }),
});

/** Why a type is not deployed, for the ones a serverless.yml may still hold. */
const RETIRED: Readonly<Record<string, string>> = {
  apigw:
    'API Gateway triggers can no longer be created (since 2024-07-01, doc 583/107631): use an `http` event (the function URL); an existing API Gateway trigger keeps working until it is retired',
  cmq: 'CMQ triggers are not among the trigger types CreateTrigger takes (cos, cls, timer, ckafka, http): use a `ckafka` event; an existing CMQ trigger keeps working',
};

export interface Events {
  readonly timers: TimerSpec[];
  readonly http: HttpSpec[];
  readonly ckafka: CkafkaSpec[];
}

export function parseEvents(events: readonly unknown[]): Events | AppError {
  const out: Events = { timers: [], http: [], ckafka: [] };
  for (const [index, event] of events.entries()) {
    const where = `serverless.yml inputs.events[${index}]`;
    if (typeof event !== 'object' || event === null || Array.isArray(event) || Object.keys(event).length !== 1) {
      return new AppError('Config.Invalid', `${where}: an event is "- <type>: {parameters: …}"`);
    }
    const [type, body] = Object.entries(event)[0] as [string, unknown];
    const bad = (schemaIssues: v.BaseIssue<unknown>[]) =>
      new AppError('Config.Invalid', `${where}.${type}: ${v.summarize(schemaIssues as [v.BaseIssue<unknown>])}`);
    if (type === 'timer') {
      const t = v.safeParse(TimerSchema, body);
      if (!t.success) return bad(t.issues);
      const name = t.output.parameters.name ?? t.output.name;
      if (name === undefined) return new AppError('Config.Invalid', `${where}.timer has no name`);
      const { cronExpression, argument, enable, qualifier } = t.output.parameters;
      out.timers.push({ name, cronExpression, argument, enable, qualifier });
    } else if (type === 'http') {
      const h = v.safeParse(HttpSchema, body ?? {});
      if (!h.success) return bad(h.issues);
      const p = h.output.parameters;
      out.http.push({
        name: p.name,
        qualifier: p.qualifier,
        authType: p.authType,
        enableIntranet: p.netConfig.enableIntranet,
        enableExtranet: p.netConfig.enableExtranet,
      });
    } else if (type === 'ckafka') {
      const c = v.safeParse(CkafkaSchema, body);
      if (!c.success) return bad(c.issues);
      const p = c.output.parameters;
      out.ckafka.push({
        name: `${p.name}-${p.topic}`,
        instanceId: p.name,
        topic: p.topic,
        qualifier: p.qualifier,
        maxMsgNum: p.maxMsgNum,
        offset: p.offset,
        retry: p.retry,
        timeOut: p.timeout,
        consumerGroupName: p.consumerGroupName === undefined || p.consumerGroupName === '' ? null : p.consumerGroupName,
        enable: p.enable,
      });
    } else {
      return new AppError('Config.Invalid', `${where}: ${RETIRED[type] ?? `npm run deploy creates timer, http and ckafka triggers, not ${type}`}`);
    }
  }
  const names = [...out.timers, ...out.http, ...out.ckafka].map((t) => t.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) return new AppError('Config.Invalid', `serverless.yml: two triggers are named ${twice}`);
  return out;
}
