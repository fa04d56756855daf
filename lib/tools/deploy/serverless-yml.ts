/**
 * The one reader of `serverless.yml` (the Tencent `scf` component's file, field names as its
 * docs/configure.md and, for the function URL, tencent-component-toolkit src/modules/triggers/http.ts
 * name them): `npm run deploy` deploys what it says, `npm run doctor` compares the deployed function
 * with it, and `npm start` runs its timers locally.
 *
 * Triggers: `timer`, `http` (the function URL) and `ckafka`. API Gateway (`apigw`) and CMQ (`cmq`)
 * triggers are refused: no API Gateway trigger can be created since 2024-07-01 (doc 583/107631) and
 * CMQ triggers are not among CreateTrigger's types (cos, cls, timer, ckafka, http). Existing ones keep
 * working: the function still parses their events.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { parse } from 'yaml';
import { AppError } from '../../function/kernel/errors';
import { type CkafkaSpec, type HttpSpec, parseEvents, type TimerSpec } from './serverless-events';
import { resolveDocument, resolveText, VariableError } from './variables';

export type { CkafkaSpec, HttpSpec, TimerSpec } from './serverless-events';

export const SERVERLESS_YML_PATH = fileURLToPath(new URL('../../../serverless.yml', import.meta.url));

/** What serverless.yml says about the function and its triggers, defaults filled in as the component documents them. */
export interface FunctionSpec {
  readonly functionName: string;
  readonly namespace: string;
  /** `inputs.region`; null when the file leaves it out (the deployer then takes TENCENTCLOUD_REGION). */
  readonly region: string | null;
  readonly description: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly initTimeoutSeconds: number | null;
  /** The execution role's name (CAM); null: none. */
  readonly role: string | null;
  readonly asyncRunEnable: boolean;
  /** `publicAccess` (default true): the function reaches the internet (Slack's response_url). */
  readonly publicAccess: boolean;
  /** Variables with a value; empty ones are left out (SCF refuses empty values, the function reads them as unset). */
  readonly environment: Readonly<Record<string, string>>;
  /** `inputs.src`: the folder `npm run build` writes and `npm run deploy` zips. */
  readonly src: string;
  readonly timers: readonly TimerSpec[];
  readonly http: readonly HttpSpec[];
  readonly ckafka: readonly CkafkaSpec[];
}

type Env = Readonly<Record<string, string | undefined>>;

const Scalar = v.union([v.string(), v.number(), v.boolean()]);
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

const InputsSchema = v.looseObject({
  name: v.optional(v.string()),
  namespace: v.optional(v.string(), 'default'),
  region: v.optional(v.string()),
  description: v.optional(v.string(), ''),
  handler: v.optional(v.string(), 'index.main_handler'),
  runtime: v.optional(v.string(), 'Nodejs18.15'),
  memorySize: v.optional(Num, 128),
  timeout: v.optional(Num, 3),
  initTimeout: v.optional(Num),
  role: v.optional(v.string()),
  asyncRunEnable: v.optional(Bool, false),
  publicAccess: v.optional(Bool, true),
  src: v.optional(v.union([v.string(), v.looseObject({ src: v.string() })]), './dist/reset-instances'),
  environment: v.optional(v.looseObject({ variables: v.optional(v.record(v.string(), v.nullable(Scalar)), {}) }), { variables: {} }),
  events: v.optional(v.array(v.unknown()), []),
});

const DocumentSchema = v.looseObject({
  component: v.optional(v.string()),
  name: v.optional(v.string()),
  inputs: InputsSchema,
});

const fail = (message: string) => new AppError('Config.Invalid', `serverless.yml: ${message}`);

/**
 * Parses serverless.yml's text. `env` resolves `${env:NAME}`.
 * @example
 * const spec = parseServerlessYml(readFileSync('serverless.yml', 'utf8'), process.env);
 * if (!isAppError(spec)) console.log(spec.functionName, spec.timers.length);
 */
export function parseServerlessYml(text: string, env: Env = {}): FunctionSpec | AppError {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return fail(`not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('not a YAML mapping with component, name and inputs');
  let resolved: unknown;
  try {
    const top: Record<string, string | undefined> = {};
    for (const key of ['org', 'app', 'stage', 'name'] as const) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string') top[key] = resolveText(value, env, {}, key);
    }
    resolved = resolveDocument(raw, env, top);
  } catch (error) {
    if (error instanceof VariableError) return fail(error.message);
    throw error;
  }
  const parsed = v.safeParse(DocumentSchema, resolved);
  if (!parsed.success) return fail(v.summarize(parsed.issues));
  const doc = parsed.output;
  if (doc.component !== undefined && doc.component !== 'scf') return fail(`component is ${doc.component}; npm run deploy deploys the scf component`);
  const inputs = doc.inputs;
  const functionName = inputs.name ?? doc.name;
  if (functionName === undefined) return fail('inputs.name (the function name) is required');
  const events = parseEvents(inputs.events);
  if (events instanceof AppError) return events;
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(inputs.environment.variables)) {
    if (value !== null && String(value) !== '') environment[key] = String(value);
  }
  return {
    functionName,
    namespace: inputs.namespace,
    region: inputs.region === undefined || inputs.region === '' ? null : inputs.region,
    description: inputs.description,
    handler: inputs.handler,
    runtime: inputs.runtime,
    memoryMb: inputs.memorySize,
    timeoutSeconds: inputs.timeout,
    initTimeoutSeconds: inputs.initTimeout ?? null,
    role: inputs.role === undefined || inputs.role === '' ? null : inputs.role,
    asyncRunEnable: inputs.asyncRunEnable,
    publicAccess: inputs.publicAccess,
    environment,
    src: typeof inputs.src === 'string' ? inputs.src : inputs.src.src,
    ...events,
  };
}

export async function readServerlessYml(file = SERVERLESS_YML_PATH, env: Env = {}): Promise<FunctionSpec | AppError> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return new AppError('Config.Invalid', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseServerlessYml(text, env);
}
