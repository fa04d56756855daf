/**
 * The execution role's least-privilege policy, from one template: examples/cam-policy.template.json
 * names every action the function calls (test/unit/build/cam-policy.test.ts checks them against the
 * adapters' calls) and its resources with `${UIN}`-style placeholders, which this fills in for one
 * account and one serverless.yml. A resource naming `${SECRET}` stands for one resource per secret.
 * Syntax: CAM policy grammar (doc 216/52046); resource names: six segments `qcs::<service>:<region>:<account>:<resource>`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CAM_POLICY_TEMPLATE_PATH = fileURLToPath(new URL('../../../examples/cam-policy.template.json', import.meta.url));

export interface PolicyDocument {
  readonly version: '2.0';
  readonly statement: readonly { readonly effect: 'allow' | 'deny'; readonly action: readonly string[]; readonly resource: readonly string[] }[];
}

/** What the template's placeholders stand for. */
export interface PolicyValues {
  readonly uin: string;
  readonly appId: string;
  /** The function's region: SSM, TDMQ and SCF resources. */
  readonly region: string;
  readonly namespace: string;
  readonly functionName: string;
  readonly topic: string;
  /** SSM secret names (RESET_PASSWORD_SECRET, RESET_AUTH_SECRET, RESET_SLACK_SECRET that are set). */
  readonly secrets: readonly string[];
  readonly bucket: string;
  readonly ledgerRegion: string;
  /** The ledger's key prefix, ending in `/` (RESET_LEDGER_PREFIX, default `ecm-reset/`). */
  readonly prefix: string;
}

/**
 * SCF's trust policy: the service `scf.qcloud.com` (the role carrier of SCF's roles, doc 583/32389) may
 * assume the role, in CreateRole's documented form (doc api/598/36225).
 */
export const SCF_TRUST_POLICY = {
  version: '2.0',
  statement: [{ action: 'name/sts:AssumeRole', effect: 'allow', principal: { service: ['scf.qcloud.com'] } }],
} as const;

export function readPolicyTemplate(file = CAM_POLICY_TEMPLATE_PATH): PolicyDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as PolicyDocument;
}

/** The placeholder that stands for one resource per secret. */
const SECRET = /\$\{SECRET\}/;
const PLACEHOLDER = /\$\{([A-Z_]+)\}/g;

/**
 * Fills the template in. Throws on a placeholder it does not know, so a template edit cannot ship one unfilled.
 * @example
 * renderPolicy(readPolicyTemplate(), { uin: '100012345678', appId: '1250000000', region: 'ap-guangzhou', … })
 */
export function renderPolicy(template: PolicyDocument, values: PolicyValues): PolicyDocument {
  const scalars: Readonly<Record<string, string>> = {
    UIN: values.uin,
    APPID: values.appId,
    REGION: values.region,
    NAMESPACE: values.namespace,
    FUNCTION: values.functionName,
    TOPIC: values.topic,
    BUCKET: values.bucket,
    LEDGER_REGION: values.ledgerRegion,
    PREFIX: values.prefix,
  };
  const fill = (text: string, secret?: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const value = name === 'SECRET' ? secret : scalars[name];
      if (value === undefined) throw new Error(`the policy template has an unknown placeholder ${whole}`);
      return value;
    });
  return {
    version: template.version,
    statement: template.statement
      .map((s) => ({
        ...s,
        resource: s.resource.flatMap((r) => (SECRET.test(r) ? values.secrets.map((secret) => fill(r, secret)) : [fill(r)])),
      }))
      // A statement whose every resource was per-secret grants nothing when there is no secret.
      .filter((s) => s.resource.length > 0),
  };
}
