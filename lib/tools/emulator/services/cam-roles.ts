import * as v from 'valibot';
import { ApiError } from '../api-error';
import { parseParams } from '../params';
import { CAM_NAME, policyDocumentRefusal } from '../rules/cam-policy';
import type { ActionContext } from '../service';
import { tcTime } from '../tc-time';
import { CAM_TYPE_ERROR, Int, policyType, requireRole, roleInfo, Str } from './cam-common';

/**
 * CAM 2019-01-16 CreateRole, GetRole, AttachRolePolicy and ListAttachedRolePolicies (parameters from
 * tencentcloud-sdk-nodejs `cam/v20190116/cam_models.d.ts`, doc api/598/36225; errors from tencentcloud-sdk-go
 * `cam/v20190116/client.go`).
 */

const CreateRoleParams = v.object({
  RoleName: Str,
  PolicyDocument: Str,
  Description: v.optional(Str),
  ConsoleLogin: v.optional(Int),
  SessionDuration: v.optional(Int),
  Tags: v.optional(v.unknown()),
});

/** CreateRole: a role with a trust policy (who may assume it, e.g. `scf.qcloud.com`). */
export function createRole(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(CreateRoleParams, params, CAM_TYPE_ERROR);
  if (!CAM_NAME.test(input.RoleName)) throw new ApiError('InvalidParameter.RoleNameError', 'RoleName is 1-128 letters, digits or +=,.@-_');
  if (ctx.state.cam.roles.has(input.RoleName)) throw new ApiError('InvalidParameter.RoleNameInUse', `a role named \`${input.RoleName}\` already exists`);
  const problem = policyDocumentRefusal(input.PolicyDocument, 'trust');
  if (problem !== null) throw new ApiError(problem.code, problem.message);
  if (input.SessionDuration !== undefined && (input.SessionDuration < 0 || input.SessionDuration > 43_200)) {
    throw new ApiError(CAM_TYPE_ERROR, 'SessionDuration is 0-43200 seconds');
  }
  const role = ctx.state.cam.addRole(input.RoleName, input.PolicyDocument, input.Description ?? '', ctx.now);
  return { RoleId: role.roleId };
}

const GetRoleParams = v.object({ RoleId: v.optional(Str), RoleName: v.optional(Str) });

export function getRole(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(GetRoleParams, params, CAM_TYPE_ERROR);
  return { RoleInfo: roleInfo(ctx, requireRole(ctx, input.RoleId, input.RoleName), tcTime) };
}

const AttachRolePolicyParams = v.object({
  PolicyId: v.optional(Int),
  AttachRoleId: v.optional(Str),
  AttachRoleName: v.optional(Str),
  PolicyName: v.optional(Str),
});

/** AttachRolePolicy (policy by id or name, role by id or name). Attaching twice is accepted as is (UNCONFIRMED). */
export function attachRolePolicy(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(AttachRolePolicyParams, params, CAM_TYPE_ERROR);
  if ((input.PolicyId === undefined) === (input.PolicyName === undefined)) throw new ApiError(CAM_TYPE_ERROR, 'give either PolicyId or PolicyName');
  const role = requireRole(ctx, input.AttachRoleId, input.AttachRoleName);
  const policy = input.PolicyId !== undefined ? ctx.state.cam.policies.get(input.PolicyId) : ctx.state.cam.policyNamed(input.PolicyName ?? '');
  if (policy === undefined) throw new ApiError('InvalidParameter.PolicyIdNotExist', `the policy \`${input.PolicyId ?? input.PolicyName}\` does not exist`);
  if (!role.attached.has(policy.id)) role.attached.set(policy.id, ctx.now);
  return {};
}

const ListAttachedParams = v.object({
  Page: Int,
  Rp: Int,
  RoleId: v.optional(Str),
  RoleName: v.optional(Str),
  PolicyType: v.optional(Str),
  Keyword: v.optional(Str),
});

/**
 * ListAttachedRolePolicies: pages of `Rp` (≤ 200), filtered by PolicyType (User | QCS) and a Keyword in the
 * name. Its error list has no code for a missing role; the emulator answers with an empty list (UNCONFIRMED).
 */
export function listAttachedRolePolicies(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const input = parseParams(ListAttachedParams, params, CAM_TYPE_ERROR);
  if (input.Page < 1 || input.Rp < 1 || input.Rp > 200) throw new ApiError(CAM_TYPE_ERROR, 'Page is at least 1 and Rp 1-200');
  if (input.PolicyType !== undefined && input.PolicyType !== 'User' && input.PolicyType !== 'QCS')
    throw new ApiError(CAM_TYPE_ERROR, 'PolicyType is User or QCS');
  if ((input.RoleId === undefined) === (input.RoleName === undefined)) throw new ApiError(CAM_TYPE_ERROR, 'give either RoleId or RoleName');
  const role = input.RoleId !== undefined ? ctx.state.cam.roleById(input.RoleId) : ctx.state.cam.roles.get(input.RoleName ?? '');
  const attached = [...(role?.attached ?? new Map<number, number>())].flatMap(([id, at]) => {
    const policy = ctx.state.cam.policies.get(id);
    if (policy === undefined) return [];
    if (input.PolicyType !== undefined && policyType(policy) !== input.PolicyType) return [];
    if (input.Keyword !== undefined && !policy.name.includes(input.Keyword)) return [];
    return [
      {
        PolicyId: policy.id,
        PolicyName: policy.name,
        AddTime: tcTime(at),
        PolicyType: policyType(policy),
        CreateMode: 2,
        Deactived: 0,
        DeactivedDetail: [],
        Description: policy.description,
      },
    ];
  });
  return { List: attached.slice((input.Page - 1) * input.Rp, input.Page * input.Rp), TotalNum: attached.length };
}
