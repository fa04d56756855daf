import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import { CAM_NAME, policyDocumentRefusal } from '../rules/cam-policy';
import type { ActionContext } from '../service';
import type { PolicyRecord } from '../state';
import { tcTime } from '../tc-time';
import { CAM_TYPE_ERROR, Int, Str } from './cam-common';

/**
 * CAM 2019-01-16 CreatePolicy, GetPolicy and ListPolicies (tencentcloud-sdk-nodejs `cam/v20190116/cam_models.d.ts`;
 * errors from tencentcloud-sdk-go `cam/v20190116/client.go`). A deployer finds an existing policy by name
 * with ListPolicies (Keyword) and an exact match on PolicyName.
 */

const CreatePolicyParams = v.object({ PolicyName: Str, PolicyDocument: Str, Description: v.optional(Str), Tags: v.optional(v.unknown()) });

export function createPolicy(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(CreatePolicyParams, params, CAM_TYPE_ERROR);
  if (!CAM_NAME.test(input.PolicyName)) throw new ApiError('InvalidParameter.PolicyNameError', 'PolicyName is 1-128 letters, digits or +=,.@-_');
  if (ctx.state.cam.policyNamed(input.PolicyName) !== undefined) {
    throw new ApiError('FailedOperation.PolicyNameInUse', `a policy named \`${input.PolicyName}\` already exists`);
  }
  const problem = policyDocumentRefusal(input.PolicyDocument, 'permission');
  if (problem !== null) throw new ApiError(problem.code, problem.message);
  return { PolicyId: ctx.state.cam.addPolicy(input.PolicyName, input.PolicyDocument, input.Description ?? '', ctx.now).id };
}

const GetPolicyParams = v.object({ PolicyId: Int });

export function getPolicy(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetPolicyParams, params, CAM_TYPE_ERROR);
  if (input.PolicyId < 1) throw new ApiError('InvalidParameter.PolicyIdError', 'PolicyId must be positive');
  const policy = ctx.state.cam.policies.get(input.PolicyId);
  if (policy === undefined) throw new ApiError('ResourceNotFound.PolicyIdNotFound', `no policy has id ${input.PolicyId}`);
  return {
    PolicyName: policy.name,
    Description: policy.description,
    Type: policy.type,
    AddTime: tcTime(policy.addTime),
    UpdateTime: tcTime(policy.addTime),
    PolicyDocument: policy.document,
    PresetAlias: '',
    IsServiceLinkedRolePolicy: 0,
    Tags: [],
  };
}

const ListPoliciesParams = v.object({ Rp: v.optional(Int, 20), Page: v.optional(Int, 1), Scope: v.optional(Str, 'All'), Keyword: v.optional(Str) });
const SCOPES: Record<string, (p: PolicyRecord) => boolean> = { All: () => true, QCS: (p) => p.type === 2, Local: (p) => p.type === 1 };

/**
 * ListPolicies: Scope All | QCS (presets) | Local (custom), Keyword a part of the name (whether the real API
 * matches substrings is UNCONFIRMED: compare PolicyName exactly on the client), pages of Rp ≤ 200, Page ≤ 200.
 */
export function listPolicies(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ListPoliciesParams, params, CAM_TYPE_ERROR);
  const inScope = SCOPES[input.Scope];
  if (inScope === undefined) throw new ApiError('InvalidParameter.ScopeError', 'Scope is All, QCS or Local');
  if (input.Rp < 1 || input.Rp > 200 || input.Page < 1 || input.Page > 200) throw new ApiError(CAM_TYPE_ERROR, 'Rp is 1-200 and Page 1-200');
  const matches = [...ctx.state.cam.policies.values()].filter((p) => inScope(p) && (input.Keyword === undefined || p.name.includes(input.Keyword)));
  const attachments = (p: PolicyRecord): number => [...ctx.state.cam.roles.values()].filter((r) => r.attached.has(p.id)).length;
  const list = matches.slice((input.Page - 1) * input.Rp, input.Page * input.Rp).map((p) => ({
    PolicyId: p.id,
    PolicyName: p.name,
    AddTime: tcTime(p.addTime),
    Type: p.type,
    Description: p.description,
    CreateMode: 2,
    Attachments: attachments(p),
    ServiceType: '',
    IsAttached: attachments(p) > 0 ? 1 : 0,
    Deactived: 0,
    DeactivedDetail: [],
    IsServiceLinkedPolicy: 0,
    AttachEntityCount: attachments(p),
    AttachEntityBoundaryCount: 0,
    UpdateTime: tcTime(p.addTime),
    Tags: [],
  }));
  return { TotalNum: matches.length, List: list, ServiceTypeList: [] };
}
