import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/function/config/config';
import { AppError } from '../../../lib/function/kernel/errors';

const ENV = {
  TENCENTCLOUD_SECRETID: 'AKIDexample',
  TENCENTCLOUD_SECRETKEY: 'example-key',
  TENCENTCLOUD_REGION: 'ap-guangzhou',
  TENCENTCLOUD_UIN: '100012345678',
  RESET_TOPIC: 'ecm-reset-results',
  RESET_LEDGER_BUCKET: 'ecm-reset-ledger-1250000000',
};

describe('RESET_TOPIC_MAX_BYTES', () => {
  it("defaults to a CMQ topic's default MaxMsgSize, 65536", () => {
    expect(loadConfig(ENV)).toMatchObject({ topicMaxBytes: 65_536 });
  });

  it.each(['1024', '4096', '65536', ' 2048 '])('takes %j', (value) => {
    expect(loadConfig({ ...ENV, RESET_TOPIC_MAX_BYTES: value })).toMatchObject({ topicMaxBytes: Number(value) });
  });

  it.each(['1023', '65537', '1.5', 'big', '-1'])('refuses %j, naming the range', (value) => {
    const e = loadConfig({ ...ENV, RESET_TOPIC_MAX_BYTES: value });
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).issues).toEqual([{ path: 'RESET_TOPIC_MAX_BYTES', message: 'RESET_TOPIC_MAX_BYTES must be a whole number from 1024 to 65536' }]);
  });
});
