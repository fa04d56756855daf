/**
 * What a deploy changes: the desired function (serverless.yml and the built zip) against the deployed
 * one. Pure, so `--plan`, the deploy itself and the doctor's drift check agree. How each change is made
 * follows SCF's API: the runtime and AsyncRunEnable are set at creation only (UpdateFunctionConfiguration
 * has neither), the handler goes with the code (UpdateFunctionCode), timers and CKafka triggers are
 * updated in place (UpdateTrigger: "目前只支持timer触发器和ckafka触发器更新", doc api/583/96828; a CKafka
 * trigger's offset is not among its updatable fields), a function URL is deleted and created again.
 */
import {
  type DeployedFunction,
  type DeployedTrigger,
  type DesiredFunction,
  type DesiredTrigger,
  deployedFingerprint,
  type Fingerprint,
  type FunctionConfig,
} from './state';

export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

export type Change =
  | { readonly kind: 'create-function' }
  | { readonly kind: 'recreate-function'; readonly reason: string }
  | { readonly kind: 'blocked'; readonly field: string; readonly from: unknown; readonly to: unknown }
  | { readonly kind: 'update-code'; readonly from: string | null; readonly to: string; readonly handler: FieldChange | null }
  | { readonly kind: 'update-configuration'; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'create-trigger'; readonly trigger: DesiredTrigger }
  | { readonly kind: 'update-trigger'; readonly trigger: DesiredTrigger; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'replace-trigger'; readonly trigger: DesiredTrigger; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'delete-trigger'; readonly trigger: DeployedTrigger };

export interface Plan {
  readonly changes: readonly Change[];
  /** Deployed triggers serverless.yml does not name, kept (without --prune). */
  readonly kept: readonly DeployedTrigger[];
}

/** Fields of a CKafka trigger UpdateTrigger may change (doc api/583/96828: Retry, MaxMsgNum, TimeOut; and Enable). */
const CKAFKA_UPDATABLE = new Set(['maxMsgNum', 'retry', 'timeOut', 'enable']);

/** The code's SHA-256 as the API reports it: hex (the emulator's) or base64 are both taken (which one SCF uses is UNCONFIRMED). */
export function sameCode(deployed: string | null, hexSha256: string): boolean {
  if (deployed === null) return false;
  return deployed.toLowerCase() === hexSha256 || deployed === Buffer.from(hexSha256, 'hex').toString('base64');
}

function fieldChanges(from: Fingerprint, to: Fingerprint): FieldChange[] {
  return Object.keys(to)
    .filter((k) => from[k] !== to[k])
    .map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}

/** A role may read back as its name or its ARN (`qcs::cam::uin/<uin>:roleName/<name>`): which one is UNCONFIRMED. */
const sameRole = (deployed: string, wanted: string): boolean => deployed === wanted || deployed.endsWith(`:roleName/${wanted}`);

export function configChanges(deployed: FunctionConfig, wanted: FunctionConfig): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of ['Description', 'MemorySize', 'Timeout'] as const) {
    if (deployed[field] !== wanted[field]) out.push({ field, from: deployed[field], to: wanted[field] });
  }
  if (wanted.InitTimeout !== null && deployed.InitTimeout !== wanted.InitTimeout)
    out.push({ field: 'InitTimeout', from: deployed.InitTimeout, to: wanted.InitTimeout });
  if (!sameRole(deployed.Role, wanted.Role)) out.push({ field: 'Role', from: deployed.Role, to: wanted.Role });
  // Only when the deployed function says (GetFunction documents PublicNetConfig; not every answer has it).
  if (deployed.PublicNetStatus !== null && deployed.PublicNetStatus !== wanted.PublicNetStatus) {
    out.push({ field: 'PublicNetConfig.PublicNetStatus', from: deployed.PublicNetStatus, to: wanted.PublicNetStatus });
  }
  const names = [...new Set([...Object.keys(deployed.Environment), ...Object.keys(wanted.Environment)])].sort();
  for (const name of names) {
    const from = deployed.Environment[name] ?? null;
    const to = wanted.Environment[name] ?? null;
    if (from !== to) out.push({ field: `Environment.${name}`, from, to });
  }
  return out;
}

function triggerChanges(deployed: readonly DeployedTrigger[], wanted: readonly DesiredTrigger[], prune: boolean): Plan {
  const changes: Change[] = [];
  for (const trigger of wanted) {
    const current = deployed.find((t) => t.name === trigger.name && t.type === trigger.type);
    const fingerprint = current === undefined ? null : deployedFingerprint(current);
    if (current === undefined || fingerprint === null) {
      changes.push({ kind: 'create-trigger', trigger });
      continue;
    }
    const fields = fieldChanges(fingerprint, trigger.fingerprint);
    if (current.qualifier !== trigger.qualifier) fields.push({ field: 'qualifier', from: current.qualifier, to: trigger.qualifier });
    if (fields.length === 0) continue;
    const inPlace =
      !fields.some((f) => f.field === 'qualifier') &&
      (trigger.type === 'timer' || (trigger.type === 'ckafka' && fields.every((f) => CKAFKA_UPDATABLE.has(f.field))));
    changes.push({ kind: inPlace ? 'update-trigger' : 'replace-trigger', trigger, fields });
  }
  const unnamed = deployed.filter((t) => !wanted.some((w) => w.name === t.name && w.type === t.type));
  if (prune) for (const trigger of unnamed) changes.push({ kind: 'delete-trigger', trigger });
  return { changes, kept: prune ? [] : unnamed };
}

/**
 * The changes that make `deployed` (null: no such function) what `wanted` says.
 * @example
 * const plan = planDeploy(desiredFunction(spec, sha), await readDeployed(cloud, name, namespace), { prune: false });
 * if (plan.changes.length === 0) console.log('no changes');
 */
export function planDeploy(wanted: DesiredFunction, deployed: DeployedFunction | null, options: { prune: boolean }): Plan {
  const createAll = (): Plan => ({ changes: wanted.triggers.map((trigger) => ({ kind: 'create-trigger', trigger })), kept: [] });
  if (deployed === null) return { changes: [{ kind: 'create-function' }, ...createAll().changes], kept: [] };
  // "创建失败的函数没法更新": the toolkit deletes and creates it again (tencent-component-toolkit src/modules/scf/entities/scf.ts).
  if (deployed.status === 'CreateFailed') {
    return { changes: [{ kind: 'recreate-function', reason: deployed.statusReason ?? 'CreateFailed' }, ...createAll().changes], kept: [] };
  }
  const changes: Change[] = [];
  if (deployed.runtime !== wanted.runtime) changes.push({ kind: 'blocked', field: 'Runtime', from: deployed.runtime, to: wanted.runtime });
  if (deployed.asyncRunEnable !== wanted.asyncRunEnable) {
    changes.push({ kind: 'blocked', field: 'AsyncRunEnable', from: deployed.asyncRunEnable, to: wanted.asyncRunEnable });
  }
  const handler = deployed.handler === wanted.handler ? null : { field: 'Handler', from: deployed.handler, to: wanted.handler };
  if (handler !== null || !sameCode(deployed.codeSha256, wanted.codeSha256)) {
    changes.push({ kind: 'update-code', from: deployed.codeSha256, to: wanted.codeSha256, handler });
  }
  const fields = configChanges(deployed.config, wanted.config);
  if (fields.length > 0) changes.push({ kind: 'update-configuration', fields });
  const triggers = triggerChanges(deployed.triggers, wanted.triggers, options.prune);
  return { changes: [...changes, ...triggers.changes], kept: triggers.kept };
}

const show = (value: unknown): string => (value === null || value === undefined ? '(none)' : typeof value === 'string' ? JSON.stringify(value) : String(value));
const fieldText = (f: FieldChange): string => (f.to === null ? `${f.field} ${show(f.from)} → (removed)` : `${f.field} ${show(f.from)} → ${show(f.to)}`);
const triggerText = (t: { type: string; name: string }): string => `${t.type} trigger ${t.name}`;
const shortSha = (sha: string | null): string => (sha === null ? '(unknown)' : `${sha.slice(0, 12)}…`);

/** One change in one line: `+` create, `~` update, `±` replace, `-` delete, `!` blocked. */
export function describeChange(c: Change, wanted: DesiredFunction): string {
  switch (c.kind) {
    case 'create-function':
      return `+ create function ${wanted.name} (${wanted.runtime}, ${wanted.config.MemorySize} MB, ${wanted.config.Timeout} s, role ${wanted.config.Role || '(none)'})`;
    case 'recreate-function':
      return `± delete and create function ${wanted.name} again (it failed to create: ${c.reason})`;
    case 'blocked':
      return `! ${c.field} ${show(c.from)} → ${show(c.to)} cannot change on a deployed function: delete the function and deploy again`;
    case 'update-code':
      return `~ update code: sha256 ${shortSha(c.from)} → ${shortSha(c.to)}${c.handler === null ? '' : `; ${fieldText(c.handler)}`}`;
    case 'update-configuration':
      return `~ update configuration: ${c.fields.map(fieldText).join('; ')}`;
    case 'create-trigger':
      return `+ create ${triggerText(c.trigger)}${c.trigger.type === 'timer' ? ` (${c.trigger.desc})` : ''}`;
    case 'update-trigger':
      return `~ update ${triggerText(c.trigger)}: ${c.fields.map(fieldText).join('; ')}`;
    case 'replace-trigger':
      return `± replace ${triggerText(c.trigger)}: ${c.fields.map(fieldText).join('; ')}${c.trigger.type === 'http' ? ' (the function URL changes)' : ''}`;
    case 'delete-trigger':
      return `- delete ${triggerText(c.trigger)} (not in serverless.yml)`;
  }
}

/** One line per change, and `=` for each deployed trigger serverless.yml does not name. */
export function describePlan(plan: Plan, wanted: DesiredFunction): string[] {
  const lines = plan.changes.map((c) => describeChange(c, wanted));
  for (const t of plan.kept) lines.push(`= keep ${triggerText(t)} (not in serverless.yml; --prune deletes it)`);
  return lines;
}
