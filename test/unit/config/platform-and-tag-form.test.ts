import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../../lib/function/config/config';
import { AppError } from '../../../lib/function/kernel/errors';
import { instanceResource } from '../../../lib/function/tencent/tags';

const ENV = {
  TENCENTCLOUD_SECRETID: 'AKIDexample',
  TENCENTCLOUD_SECRETKEY: 'example-key',
  RESET_TOPIC: 'ecm-reset-results',
  RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000',
};
const CONTEXT = { region: 'ap-shanghai', uin: '100012345678' };

describe('region and UIN: the environment, else the SCF context (583/9210)', () => {
  it('takes them from the context when the environment has none (SCF reserves TENCENTCLOUD_ names)', () => {
    expect(loadConfig(ENV, CONTEXT)).toMatchObject({ region: 'ap-shanghai', uin: '100012345678', ledger: { region: 'ap-shanghai' } });
  });

  it('prefers the environment, and treats a blank variable as absent', () => {
    expect(loadConfig({ ...ENV, TENCENTCLOUD_REGION: 'ap-guangzhou', TENCENTCLOUD_UIN: ' ' }, CONTEXT)).toMatchObject({
      region: 'ap-guangzhou',
      uin: '100012345678',
    });
  });

  it('names both as required when neither source has them', () => {
    const e = loadConfig(ENV, {});
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).issues?.map((i) => i.path).sort()).toEqual(['TENCENTCLOUD_REGION', 'TENCENTCLOUD_UIN']);
  });
});

describe('RESET_TAG_RESOURCE_FORM', () => {
  it("defaults to CAM's form and takes regional", () => {
    expect(loadConfig(ENV, CONTEXT)).toMatchObject({ tagResourceForm: 'cam' });
    expect(loadConfig({ ...ENV, RESET_TAG_RESOURCE_FORM: 'Regional' }, CONTEXT)).toMatchObject({ tagResourceForm: 'regional' });
  });

  it('refuses anything else', () => {
    const e = loadConfig({ ...ENV, RESET_TAG_RESOURCE_FORM: 'tag' }, CONTEXT);
    expect((e as AppError).issues).toEqual([{ path: 'RESET_TAG_RESOURCE_FORM', message: 'RESET_TAG_RESOURCE_FORM must be cam or regional' }]);
  });

  it('writes an instance as CAM does (no region segment, doc 598/57117), or with the region', () => {
    expect(instanceResource('cam', 'ap-guangzhou', '100012345678', 'ein-aaaaaaaa')).toBe('qcs::ecm::uin/100012345678:instance/ein-aaaaaaaa');
    expect(instanceResource('regional', 'ap-guangzhou', '100012345678', 'ein-aaaaaaaa')).toBe('qcs::ecm:ap-guangzhou:uin/100012345678:instance/ein-aaaaaaaa');
  });

  it('is among the variables the function reads', () => {
    expect(CONFIG_VARIABLES).toContain('RESET_TAG_RESOURCE_FORM');
    expect(CONFIG_VARIABLES).toContain('RESET_ALLOW');
  });
});
