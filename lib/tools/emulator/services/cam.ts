import type { ServiceDefinition } from '../service';
import { createPolicy, getPolicy, listPolicies } from './cam-policies';
import { attachRolePolicy, createRole, getRole, listAttachedRolePolicies } from './cam-roles';

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
    ListAttachedRolePolicies: listAttachedRolePolicies,
    ListPolicies: listPolicies,
  },
};
