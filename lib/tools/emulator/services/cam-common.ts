import * as v from 'valibot';
import { ApiError } from '../api-error';
import type { ActionContext } from '../service';
import type { PolicyRecord, RoleRecord } from '../state';

/** CAM answers a malformed parameter with InvalidParameter.ParamError (tencentcloud-sdk-go `cam/v20190116/errors.go`). */
export const CAM_TYPE_ERROR = 'InvalidParameter.ParamError';
export const Str = v.string('must be a string');
export const Int = v.pipe(v.number('must be a number'), v.integer('must be a whole number'));

/** A role by id or by name ("二选一"); a missing one is InvalidParameter.RoleNotExist ("角色不存在"). */
export function requireRole(ctx: ActionContext, roleId: string | undefined, roleName: string | undefined): RoleRecord {
  if ((roleId === undefined) === (roleName === undefined)) throw new ApiError(CAM_TYPE_ERROR, 'give either the role id or the role name');
  const role = roleId !== undefined ? ctx.state.cam.roleById(roleId) : ctx.state.cam.roles.get(roleName ?? '');
  if (role === undefined) throw new ApiError('InvalidParameter.RoleNotExist', `the role \`${roleId ?? roleName}\` does not exist`);
  return role;
}

/** Role ids are strings of digits; RoleArn is `qcs::cam::uin/<uin>:roleName/<name>`. */
export function roleInfo(ctx: ActionContext, role: RoleRecord, time: (ms: number) => string): Record<string, unknown> {
  return {
    RoleId: role.roleId,
    RoleName: role.name,
    PolicyDocument: role.trustPolicy,
    Description: role.description,
    AddTime: time(role.addTime),
    UpdateTime: time(role.addTime),
    ConsoleLogin: 0,
    RoleType: 'user',
    SessionDuration: 0,
    DeletionTaskId: '',
    Tags: [],
    RoleArn: ctx.state.cam.roleArn(role),
  };
}

/** `User` for custom policies, `QCS` for presets (ListAttachedRolePolicies.PolicyType). */
export const policyType = (policy: PolicyRecord): 'User' | 'QCS' => (policy.type === 1 ? 'User' : 'QCS');
