import type { Refusal } from './scf-rules';

/**
 * CAM policy documents (syntax doc 216/52046): `{"version": "2.0", "statement": [{"effect", "action",
 * "resource", "condition"?}]}`; a role's trust policy has `principal` instead of `resource`
 * (CreateRole, doc api/598/36225). Error codes are CAM's (tencentcloud-sdk-go `cam/v20190116/errors.go`);
 * which check answers which code is the emulator's reading of their names.
 */
export type PolicyKind = 'permission' | 'trust';

/** `name/svc:Action`, `permid/…`, `svc:Action`, with `*` wildcards, or `*`. */
const ACTION = /^(\*|((name|permid)\/)?[a-z0-9_-]+:[A-Za-z0-9_*]+)$/;
/** Names of roles and policies: 1–128 of letters, digits and `+=,.@-_` (CreateRole.RoleName, CreatePolicy.PolicyName). */
export const CAM_NAME = /^[A-Za-z0-9+=,.@_-]{1,128}$/;

const refuse = (code: string, message: string): Refusal => ({ code, message });

/** Why CAM would refuse this policy document, or null. */
export function policyDocumentRefusal(text: string, kind: PolicyKind): Refusal | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null;
  }
  const notJson = kind === 'permission' ? 'InvalidParameter.PolicyDocumentError' : 'InvalidParameter.ParamError';
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return refuse(notJson, 'PolicyDocument is not a JSON object');
  const { version, statement } = doc as Record<string, unknown>;
  if (version !== '2.0') return refuse('InvalidParameter.VersionError', 'PolicyDocument.version must be "2.0"');
  if (!Array.isArray(statement) || statement.length === 0)
    return refuse('InvalidParameter.StatementError', 'PolicyDocument.statement must be a non-empty list');
  for (const [i, entry] of statement.entries()) {
    const problem = statementRefusal(entry, kind, `statement[${i}]`);
    if (problem !== null) return problem;
  }
  return null;
}

function statementRefusal(entry: unknown, kind: PolicyKind, where: string): Refusal | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return refuse('InvalidParameter.StatementError', `${where} is not an object`);
  const s = entry as Record<string, unknown>;
  if (s['effect'] !== 'allow' && s['effect'] !== 'deny') return refuse('InvalidParameter.EffectError', `${where}.effect must be allow or deny`);
  if (s['action'] === undefined) return refuse('InvalidParameter.ActionMiss', `${where} has no action`);
  const actions = stringList(s['action']);
  if (actions === null || actions.some((a) => !ACTION.test(a))) {
    return refuse('InvalidParameter.ActionError', `${where}.action must be "service:Action" names (optionally name/…), or *`);
  }
  if (s['condition'] !== undefined && (typeof s['condition'] !== 'object' || s['condition'] === null || Array.isArray(s['condition']))) {
    return refuse('InvalidParameter.ConditionError', `${where}.condition must be an object`);
  }
  if (kind === 'trust') {
    const principal = s['principal'];
    const carriers = typeof principal === 'object' && principal !== null ? Object.values(principal).map(stringList) : [null];
    if (carriers.length === 0 || carriers.some((list) => list === null)) {
      return refuse('InvalidParameter.PrincipalError', `${where}.principal must be {"service": ["scf.qcloud.com"]} or {"qcs": [...]}`);
    }
    return null;
  }
  const resources = stringList(s['resource']);
  if (resources === null || resources.some((r) => r !== '*' && !(r.startsWith('qcs:') && r.split(':').length >= 6))) {
    return refuse('InvalidParameter.ResourceError', `${where}.resource must be "*" or six-segment qcs:project:service:region:account:resource names`);
  }
  return null;
}

/** A string or a non-empty list of non-empty strings, as a list; null otherwise. */
function stringList(value: unknown): string[] | null {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.every((item): item is string => typeof item === 'string' && item !== '') ? list : null;
}

/** SCF's trust policy: the role carrier `scf.qcloud.com` (doc 583/32389) in CreateRole's documented form. */
export const SCF_TRUST_POLICY = JSON.stringify({
  version: '2.0',
  statement: [{ action: 'name/sts:AssumeRole', effect: 'allow', principal: { service: ['scf.qcloud.com'] } }],
});

/**
 * Preset (QCS) policies every account has. Only SCF's configuration-role policy is emulated; its document
 * here is the opening of the published one (doc 583/31444), cut short.
 */
export const PRESET_POLICIES: readonly { readonly id: number; readonly name: string; readonly description: string; readonly document: string }[] = [
  {
    id: 1001,
    name: 'QcloudAccessForScfRole',
    description: 'SCF configuration role (SCF_QcsRole): triggers, code packages, logs',
    document: JSON.stringify({
      version: '2.0',
      statement: [
        { action: ['scf:*', 'tag:*', 'cam:GetRole', 'cam:ListAttachedRolePolicies', 'ckafka:List*', 'ckafka:Describe*'], resource: '*', effect: 'allow' },
      ],
    }),
  },
];
