import { Client as CamClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client';
import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedEmulator } from '../../support/emulator';
import { startEmulator } from '../../support/emulator';
import { managementSeed, NO_SCF, zipFile } from '../../support/management';

const TRUST = JSON.stringify({ version: '2.0', statement: [{ action: 'name/sts:AssumeRole', effect: 'allow', principal: { service: ['scf.qcloud.com'] } }] });
const POLICY = JSON.stringify({
  version: '2.0',
  statement: [
    { effect: 'allow', action: ['name/ssm:GetSecretValue', 'name/tdmq:PublishCmqMsg'], resource: ['qcs::ssm:ap-guangzhou:uin/100012345678:secret/*'] },
  ],
});

describe('CAM on the emulator (real SDK)', () => {
  let started: StartedEmulator;
  let cam: CamClient;

  beforeAll(async () => {
    started = await startEmulator(managementSeed());
    // CAM is global: the client needs no region.
    cam = new CamClient({ credential: started.credential, profile: started.profile });
  });
  afterAll(() => started.close());
  beforeEach(() => started.emulator.reset());

  it('CreateRole then GetRole by name and by id; a second CreateRole of the name is InvalidParameter.RoleNameInUse', async () => {
    const { RoleId } = await cam.CreateRole({ RoleName: 'ecm-reset-deployer', PolicyDocument: TRUST, Description: 'runs ecm-reset' });
    expect(RoleId).toMatch(/^\d{19}$/);
    const byName = await cam.GetRole({ RoleName: 'ecm-reset-deployer' });
    expect(byName.RoleInfo).toMatchObject({
      RoleId,
      RoleName: 'ecm-reset-deployer',
      PolicyDocument: TRUST,
      Description: 'runs ecm-reset',
      RoleArn: 'qcs::cam::uin/100012345678:roleName/ecm-reset-deployer',
      AddTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    expect((await cam.GetRole({ RoleId: RoleId ?? '' })).RoleInfo?.RoleName).toBe('ecm-reset-deployer');
    await expect(cam.CreateRole({ RoleName: 'ecm-reset-deployer', PolicyDocument: TRUST })).rejects.toMatchObject({ code: 'InvalidParameter.RoleNameInUse' });
  });

  it('GetUserAppId names the account of the credentials', async () => {
    expect(await cam.GetUserAppId()).toMatchObject({ Uin: '100012345678', OwnerUin: '100012345678', AppId: 1250000000 });
  });

  it('GetRole of an unknown role is InvalidParameter.RoleNotExist', async () => {
    await expect(cam.GetRole({ RoleName: 'nobody' })).rejects.toMatchObject({ code: 'InvalidParameter.RoleNotExist' });
    await expect(cam.GetRole({})).rejects.toMatchObject({ code: 'InvalidParameter.ParamError' });
  });

  it.each([
    ['text that is not JSON', 'InvalidParameter.ParamError', 'allow scf'],
    ['version 1.0', 'InvalidParameter.VersionError', JSON.stringify({ version: '1.0', statement: [] })],
    ['no statement list', 'InvalidParameter.StatementError', JSON.stringify({ version: '2.0', statement: {} })],
    [
      'effect permit',
      'InvalidParameter.EffectError',
      JSON.stringify({ version: '2.0', statement: [{ effect: 'permit', action: 'name/sts:AssumeRole', principal: { service: 'scf.qcloud.com' } }] }),
    ],
    [
      'no action',
      'InvalidParameter.ActionMiss',
      JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', principal: { service: 'scf.qcloud.com' } }] }),
    ],
    ['no principal', 'InvalidParameter.PrincipalError', JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: 'name/sts:AssumeRole' }] })],
  ])('CreateRole refuses a trust policy with %s (%s)', async (_name, code, PolicyDocument) => {
    await expect(cam.CreateRole({ RoleName: 'r', PolicyDocument })).rejects.toMatchObject({ code });
    await expect(cam.GetRole({ RoleName: 'r' })).rejects.toMatchObject({ code: 'InvalidParameter.RoleNotExist' });
  });

  it('CreatePolicy returns a PolicyId that GetPolicy reads; the name is taken afterwards (FailedOperation.PolicyNameInUse)', async () => {
    const { PolicyId } = await cam.CreatePolicy({ PolicyName: 'ecm-reset-secrets', PolicyDocument: POLICY, Description: 'secrets and results' });
    expect(typeof PolicyId).toBe('number');
    expect(await cam.GetPolicy({ PolicyId: PolicyId ?? 0 })).toMatchObject({ PolicyName: 'ecm-reset-secrets', PolicyDocument: POLICY, Type: 1 });
    await expect(cam.CreatePolicy({ PolicyName: 'ecm-reset-secrets', PolicyDocument: POLICY })).rejects.toMatchObject({
      code: 'FailedOperation.PolicyNameInUse',
    });
    await expect(cam.GetPolicy({ PolicyId: 987654 })).rejects.toMatchObject({ code: 'ResourceNotFound.PolicyIdNotFound' });
  });

  it.each([
    ['text that is not JSON', 'InvalidParameter.PolicyDocumentError', '{'],
    ['version 2', 'InvalidParameter.VersionError', JSON.stringify({ version: 2, statement: [] })],
    ['an empty statement list', 'InvalidParameter.StatementError', JSON.stringify({ version: '2.0', statement: [] })],
    [
      'a malformed action',
      'InvalidParameter.ActionError',
      JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: ['ResetInstances'], resource: '*' }] }),
    ],
    [
      'no resource',
      'InvalidParameter.ResourceError',
      JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: ['name/ecm:ResetInstances'] }] }),
    ],
    [
      'a short resource',
      'InvalidParameter.ResourceError',
      JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: '*', resource: 'qcs::ecm' }] }),
    ],
  ])('CreatePolicy refuses a document with %s (%s)', async (_name, code, PolicyDocument) => {
    await expect(cam.CreatePolicy({ PolicyName: 'p', PolicyDocument })).rejects.toMatchObject({ code });
  });

  it('ListPolicies finds a policy by Keyword and Scope (Local custom, QCS preset)', async () => {
    const local = await cam.ListPolicies({ Scope: 'Local', Keyword: 'ecm-reset' });
    expect(local.List?.map((p) => [p.PolicyName, p.Type, p.Attachments])).toEqual([['ecm-reset-run', 1, 1]]);
    const preset = await cam.ListPolicies({ Scope: 'QCS', Keyword: 'QcloudAccessForScfRole' });
    expect(preset.List?.map((p) => p.PolicyName)).toEqual(['QcloudAccessForScfRole']);
    expect((await cam.ListPolicies({})).TotalNum).toBe(2);
    await expect(cam.ListPolicies({ Scope: 'Mine' })).rejects.toMatchObject({ code: 'InvalidParameter.ScopeError' });
    await expect(cam.ListPolicies({ Rp: 201 })).rejects.toMatchObject({ code: 'InvalidParameter.ParamError' });
  });

  it('AttachRolePolicy by name or id, listed by ListAttachedRolePolicies; attaching again changes nothing', async () => {
    await cam.CreateRole({ RoleName: 'SCF_QcsRole', PolicyDocument: TRUST });
    const { PolicyId } = await cam.CreatePolicy({ PolicyName: 'ecm-reset-secrets', PolicyDocument: POLICY });
    await cam.AttachRolePolicy({ AttachRoleName: 'SCF_QcsRole', PolicyName: 'QcloudAccessForScfRole' });
    await cam.AttachRolePolicy({ AttachRoleName: 'SCF_QcsRole', PolicyId: PolicyId ?? 0 });
    await cam.AttachRolePolicy({ AttachRoleName: 'SCF_QcsRole', PolicyId: PolicyId ?? 0 });
    const attached = await cam.ListAttachedRolePolicies({ RoleName: 'SCF_QcsRole', Page: 1, Rp: 20 });
    expect(attached.TotalNum).toBe(2);
    expect(attached.List?.map((p) => [p.PolicyName, p.PolicyType])).toEqual([
      ['QcloudAccessForScfRole', 'QCS'],
      ['ecm-reset-secrets', 'User'],
    ]);
    const user = await cam.ListAttachedRolePolicies({ RoleName: 'SCF_QcsRole', Page: 1, Rp: 20, PolicyType: 'User' });
    expect(user.List?.map((p) => p.PolicyName)).toEqual(['ecm-reset-secrets']);
    expect(started.emulator.state.roles.find((r) => r.name === 'SCF_QcsRole')?.policies).toEqual(['QcloudAccessForScfRole', 'ecm-reset-secrets']);
  });

  it('AttachRolePolicy names the missing role or policy', async () => {
    await expect(cam.AttachRolePolicy({ AttachRoleName: 'nobody', PolicyName: 'ecm-reset-run' })).rejects.toMatchObject({
      code: 'InvalidParameter.RoleNotExist',
    });
    await expect(cam.AttachRolePolicy({ AttachRoleName: 'ecm-reset-runner', PolicyName: 'nothing' })).rejects.toMatchObject({
      code: 'InvalidParameter.PolicyIdNotExist',
    });
    await expect(cam.AttachRolePolicy({ AttachRoleName: 'ecm-reset-runner' })).rejects.toMatchObject({ code: 'InvalidParameter.ParamError' });
  });

  it('a role created here can run a function: CreateFunction accepts it', async () => {
    const scf = new ScfClient(started.clientConfig);
    const request = { FunctionName: 'uses-role', Code: { ZipFile: zipFile() }, Runtime: 'Nodejs18.15', Role: 'fresh-role' };
    await expect(scf.CreateFunction(request)).rejects.toMatchObject({ code: 'ResourceNotFound.Role' });
    await cam.CreateRole({ RoleName: 'fresh-role', PolicyDocument: TRUST });
    await expect(scf.CreateFunction(request)).resolves.toBeDefined();
  });

  it('the deny list applies: cam:CreateRole is refused, other CAM actions are not', async () => {
    const denied = new CamClient({ credential: NO_SCF, profile: started.profile });
    await expect(denied.CreateRole({ RoleName: 'x', PolicyDocument: TRUST })).rejects.toMatchObject({ code: 'AuthFailure.UnauthorizedOperation' });
    await expect(denied.GetRole({ RoleName: 'ecm-reset-runner' })).resolves.toMatchObject({ RoleInfo: { RoleName: 'ecm-reset-runner' } });
  });
});
