/**
 * What the local stack takes from `serverless.yml` (the Tencent SCF component's file): the
 * function's name, namespace, timeout and memory (for the invocation context) and its timer
 * triggers, so `npm start` runs the schedules that `serverless deploy` would create.
 * `${env:X, 'default'}` variables are resolved the way the component does for the fields read.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { parse } from 'yaml';
import { AppError } from '../../function/kernel/errors';

export const SERVERLESS_YML_PATH = fileURLToPath(new URL('../../../serverless.yml', import.meta.url));

export interface TimerSpec {
  readonly name: string;
  readonly cronExpression: string;
  /** The event's `Message` (the component's `argument`); empty when absent. */
  readonly argument: string;
  /** The component's default is false: a timer without `enable: true` only fires on demand. */
  readonly enable: boolean;
}

export interface ServerlessFunction {
  readonly functionName: string;
  readonly namespace: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly timers: readonly TimerSpec[];
}

const Text = v.union([v.string(), v.number()]);

const TimerEventSchema = v.looseObject({
  timer: v.looseObject({
    // Older files put `name` next to `parameters`; the component reads it from `parameters`.
    name: v.optional(v.string()),
    parameters: v.looseObject({
      name: v.optional(v.string()),
      cronExpression: v.string(),
      argument: v.optional(Text),
      enable: v.optional(v.union([v.boolean(), v.picklist(['true', 'false'])])),
    }),
  }),
});

const ServerlessSchema = v.looseObject({
  name: v.optional(v.string()),
  stage: v.optional(v.string()),
  inputs: v.looseObject({
    name: v.optional(v.string()),
    namespace: v.optional(v.string()),
    timeout: v.optional(Text),
    memorySize: v.optional(Text),
    events: v.optional(v.array(v.unknown())),
  }),
});

/** `${env:NAME, 'fallback'}` and `${stage}` as the Serverless Framework resolves them. */
export function resolveVariables(text: string, env: Readonly<Record<string, string | undefined>>, stage: string): string {
  return text
    .replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?:\s*,\s*'([^']*)')?\}/g, (_, name: string, fallback?: string) => env[name] ?? fallback ?? '')
    .replace(/\$\{stage\}/g, stage);
}

export function parseServerlessYml(text: string, env: Readonly<Record<string, string | undefined>> = {}): ServerlessFunction | AppError {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return new AppError('Config.Invalid', `serverless.yml is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = v.safeParse(ServerlessSchema, raw);
  if (!parsed.success) return new AppError('Config.Invalid', `serverless.yml: ${v.summarize(parsed.issues)}`);
  const doc = parsed.output;
  const stage = resolveVariables(doc.stage ?? 'dev', env, 'dev');
  const timers: TimerSpec[] = [];
  for (const [index, event] of (doc.inputs.events ?? []).entries()) {
    if (typeof event !== 'object' || event === null || !('timer' in event)) continue;
    const timer = v.safeParse(TimerEventSchema, event);
    if (!timer.success) return new AppError('Config.Invalid', `serverless.yml inputs.events[${index}].timer: ${v.summarize(timer.issues)}`);
    const { parameters } = timer.output.timer;
    const name = parameters.name ?? timer.output.timer.name;
    if (name === undefined) return new AppError('Config.Invalid', `serverless.yml inputs.events[${index}].timer has no name`);
    timers.push({
      name,
      cronExpression: parameters.cronExpression,
      argument: parameters.argument === undefined ? '' : String(parameters.argument),
      enable: parameters.enable === true || parameters.enable === 'true',
    });
  }
  return {
    functionName: resolveVariables(doc.inputs.name ?? doc.name ?? 'ecm-reset', env, stage),
    namespace: doc.inputs.namespace ?? 'default',
    timeoutSeconds: Number(doc.inputs.timeout ?? 3),
    memoryMb: Number(doc.inputs.memorySize ?? 128),
    timers,
  };
}

export async function readServerlessYml(
  file = SERVERLESS_YML_PATH,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<ServerlessFunction | AppError> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return new AppError('Config.Invalid', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseServerlessYml(text, env);
}
