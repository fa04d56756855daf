import * as v from 'valibot';
import { parseParams } from '../params';
import type { ActionContext, ServiceDefinition } from '../service';
import { CAM_TYPE_ERROR } from './cam-common';
import { createPolicy, getPolicy, listPolicies } from './cam-policies';
import { attachRolePolicy, createRole, getRole, listAttachedRolePolicies } from './cam-roles';

/**
 * GetUserAppId (cam_models.d.ts GetUserAppIdResponse: "当前账号Uin", "当前账号OwnerUin", "当前账号AppId"): whose the
 * credentials are. The emulator has no sub-accounts, so OwnerUin is the credential's uin.
 */
export function getUserAppId(params: unknown, ctx: ActionContext): Record<string, unknown> {
  parseParams(v.object({}), params, CAM_TYPE_ERROR);
  return { Uin: ctx.credential.uin, OwnerUin: ctx.credential.uin, AppId: ctx.credential.appId };
}

/** CAM (Cloud Access Management), API version 2019-01-16: the roles and policies a deployer sets up. */
export const camService: ServiceDefinition = {
  service: 'cam',
  version: '2019-01-16',
  // CAM is global: its API takes no region.
  requiresRegion: false,
  actions: {
    AttachRolePolicy: attachRolePolicy,
    CreatePolicy: createPolicy,
    CreateRole: createRole,
    GetPolicy: getPolicy,
    GetRole: getRole,
    GetUserAppId: getUserAppId,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    ListPolicies: listPolicies,
  },
};
