import { createHash } from 'node:crypto';
import { PRESET_POLICIES, SCF_TRUST_POLICY } from '../rules/cam-policy';
import type { ParsedSeed } from '../seed';
import { documentText } from '../seed-mgmt';

export interface RoleRecord {
  readonly roleId: string;
  readonly name: string;
  readonly trustPolicy: string;
  readonly description: string;
  readonly addTime: number;
  /** Policy ids, in the order they were attached, with the time of attaching. */
  readonly attached: Map<number, number>;
}

export interface PolicyRecord {
  readonly id: number;
  readonly name: string;
  readonly document: string;
  readonly description: string;
  /** 1 custom, 2 preset (StrategyInfo.Type). */
  readonly type: 1 | 2;
  readonly addTime: number;
}

/** Seeded roles and policies were created at this time, as seeded instances. */
const SEEDED_AT = Date.UTC(2024, 0, 1);
/** Custom policy ids count up from here (preset ones are small). */
const FIRST_POLICY_ID = 200_000_001;

/** CAM roles and policies of the account (CAM is global: no region). */
export class CamStore {
  /** Keyed by role name. */
  readonly roles = new Map<string, RoleRecord>();
  /** Keyed by policy id; names are unique too. */
  readonly policies = new Map<number, PolicyRecord>();
  /** The account's uin, for RoleArn. */
  readonly uin: string;
  private nextPolicyId = FIRST_POLICY_ID;

  constructor(seed: ParsedSeed) {
    this.uin = seed.credentials[0]?.uin ?? '100000000001';
    for (const preset of PRESET_POLICIES) this.policies.set(preset.id, { ...preset, type: 2, addTime: SEEDED_AT });
    for (const policy of seed.policies) this.addPolicy(policy.name, documentText(policy.document), policy.description, SEEDED_AT);
    for (const role of seed.roles) {
      const record = this.addRole(role.name, role.trustPolicy === undefined ? SCF_TRUST_POLICY : documentText(role.trustPolicy), role.description, SEEDED_AT);
      for (const name of role.policies) {
        const policy = this.policyNamed(name);
        if (policy !== undefined) record.attached.set(policy.id, SEEDED_AT);
      }
    }
  }

  addPolicy(name: string, document: string, description: string, now: number): PolicyRecord {
    const policy: PolicyRecord = { id: this.nextPolicyId++, name, document, description, type: 1, addTime: now };
    this.policies.set(policy.id, policy);
    return policy;
  }

  addRole(name: string, trustPolicy: string, description: string, now: number): RoleRecord {
    const role: RoleRecord = { roleId: roleIdOf(name), name, trustPolicy, description, addTime: now, attached: new Map() };
    this.roles.set(name, role);
    return role;
  }

  policyNamed(name: string): PolicyRecord | undefined {
    return [...this.policies.values()].find((p) => p.name === name);
  }

  roleById(roleId: string): RoleRecord | undefined {
    return [...this.roles.values()].find((r) => r.roleId === roleId);
  }

  roleArn(role: RoleRecord): string {
    return `qcs::cam::uin/${this.uin}:roleName/${role.name}`;
  }
}

/** A RoleId: 19 digits (CAM's look like 4611686018427397920), stable for a name. */
function roleIdOf(name: string): string {
  const n = createHash('sha256').update(name).digest().readBigUInt64BE(0) % 1_000_000_000_000_000n;
  return `4611${n.toString().padStart(15, '0')}`;
}
