import * as v from 'valibot';
import { CAM_NAME, PRESET_POLICIES, policyDocumentRefusal } from './rules/cam-policy';
import { descriptionRefusal, environmentRefusal, functionNameRefusal, handlerRefusal, memoryRefusal, runtimeRefusal, timeoutRefusal } from './rules/scf-rules';
import { readBackDesc, TRIGGER_NAME } from './rules/scf-trigger-desc';

/** The seed's SCF and CAM parts: functions that already exist (a legacy apigw trigger among them), roles, policies. */

/** A policy or trust document: JSON text, or the object itself. */
const DocumentSchema = v.union([v.string(), v.record(v.string(), v.unknown())], 'a policy document is JSON text or an object');

export const TriggerSeedSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(TRIGGER_NAME, 'trigger names are 1-100 letters, digits, - or _')),
  /** apigw and the others cannot be created through the emulator, but a seed may hold them (legacy API Gateway triggers). */
  type: v.picklist(['timer', 'ckafka', 'http', 'apigw', 'cos', 'cmq', 'cls'], 'type is timer, ckafka, http, apigw, cos, cmq or cls'),
  /** TriggerDesc as CreateTrigger takes it (a timer's cron, JSON for the others); kept as given for apigw, cos, cmq, cls. */
  desc: v.optional(DocumentSchema, ''),
  qualifier: v.optional(v.string(), '$DEFAULT'),
  enable: v.optional(v.boolean(), true),
  customArgument: v.optional(v.string(), ''),
  description: v.optional(v.string(), ''),
  /** Region of an http trigger's URL. */
  region: v.optional(v.string(), 'ap-guangzhou'),
});

export const FunctionSeedSchema = v.strictObject({
  name: v.string(),
  namespace: v.optional(v.pipe(v.string(), v.nonEmpty()), 'default'),
  runtime: v.optional(v.string(), 'Nodejs18.15'),
  handler: v.optional(v.string(), 'index.main_handler'),
  memorySize: v.optional(v.number(), 128),
  timeout: v.optional(v.number(), 3),
  description: v.optional(v.string(), ''),
  /** A role in `roles`. */
  role: v.optional(v.string()),
  environment: v.optional(v.record(v.string(), v.string()), {}),
  type: v.optional(v.picklist(['Event', 'HTTP']), 'Event'),
  asyncRunEnable: v.optional(v.boolean(), false),
  /** A settled status; CreateFailed and UpdateFailed let a deployer's recovery be tested. */
  status: v.optional(v.picklist(['Active', 'CreateFailed', 'UpdateFailed']), 'Active'),
  statusReason: v.optional(v.string()),
  codeSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  codeSha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'codeSha256 is 64 lower-case hex digits'))),
  reservedMem: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  triggers: v.optional(v.array(TriggerSeedSchema), []),
});

export const RoleSeedSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(CAM_NAME, 'role names are 1-128 letters, digits or +=,.@-_')),
  description: v.optional(v.string(), ''),
  /** The trust policy; SCF's (`scf.qcloud.com` may assume the role) when absent. */
  trustPolicy: v.optional(DocumentSchema),
  /** Names of policies in `policies`, or presets such as QcloudAccessForScfRole, attached to the role. */
  policies: v.optional(v.array(v.string()), []),
});

export const PolicySeedSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(CAM_NAME, 'policy names are 1-128 letters, digits or +=,.@-_')),
  description: v.optional(v.string(), ''),
  document: DocumentSchema,
});

export type FunctionSeed = v.InferOutput<typeof FunctionSeedSchema>;
export type TriggerSeed = v.InferOutput<typeof TriggerSeedSchema>;
export type RoleSeed = v.InferOutput<typeof RoleSeedSchema>;
export type PolicySeed = v.InferOutput<typeof PolicySeedSchema>;

/** A document as JSON text. */
export const documentText = (doc: string | Record<string, unknown>): string => (typeof doc === 'string' ? doc : JSON.stringify(doc));

/** The checks across entries of the seed's SCF and CAM parts; reports each problem. */
export function checkManagementSeed(
  seed: { readonly functions: readonly FunctionSeed[]; readonly roles: readonly RoleSeed[]; readonly policies: readonly PolicySeed[] },
  report: (message: string) => void,
): void {
  const once = (values: readonly string[], what: string): void => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) report(`${what} ${value} is listed twice`);
      seen.add(value);
    }
  };
  once(
    seed.functions.map((f) => `${f.namespace}/${f.name}`),
    'function',
  );
  once(
    seed.roles.map((r) => r.name),
    'role',
  );
  once([...PRESET_POLICIES.map((p) => p.name), ...seed.policies.map((p) => p.name)], 'policy (presets included)');
  const policyNames = new Set([...PRESET_POLICIES.map((p) => p.name), ...seed.policies.map((p) => p.name)]);
  for (const policy of seed.policies) {
    const problem = policyDocumentRefusal(documentText(policy.document), 'permission');
    if (problem !== null) report(`policy ${policy.name}: ${problem.message}`);
  }
  for (const role of seed.roles) {
    const problem = role.trustPolicy === undefined ? null : policyDocumentRefusal(documentText(role.trustPolicy), 'trust');
    if (problem !== null) report(`role ${role.name}: ${problem.message}`);
    for (const name of role.policies) if (!policyNames.has(name)) report(`role ${role.name} names policy ${name}, which is neither in "policies" nor a preset`);
  }
  const roleNames = new Set(seed.roles.map((r) => r.name));
  for (const fn of seed.functions) {
    const variables = Object.entries(fn.environment).map(([Key, Value]) => ({ Key, Value }));
    const refusals = [
      functionNameRefusal(fn.name, fn.namespace),
      runtimeRefusal(fn.runtime),
      handlerRefusal(fn.runtime, fn.handler),
      memoryRefusal(fn.memorySize),
      timeoutRefusal(fn.timeout),
      environmentRefusal(variables),
      descriptionRefusal(fn.description),
    ];
    for (const refusal of refusals) if (refusal !== null) report(`function ${fn.name}: ${refusal.message}`);
    if (fn.role !== undefined && !roleNames.has(fn.role)) report(`function ${fn.name} names role ${fn.role}, which is not in "roles"`);
    once(
      fn.triggers.map((t) => t.name),
      `function ${fn.name}: trigger`,
    );
    for (const trigger of fn.triggers) {
      const desc = readBackDesc(trigger.type, documentText(trigger.desc), { appId: 0, urlId: 'x', region: trigger.region });
      if (typeof desc !== 'string') report(`function ${fn.name}, trigger ${trigger.name}: ${desc.message}`);
    }
  }
}
