import { describe, expect, it } from 'vitest';
import { localEnvironment } from '../../../lib/tools/dev/local-env';
import { DEMO_SEED_PATH, loadSeed } from '../../../lib/tools/emulator/index';

const seed = await loadSeed(DEMO_SEED_PATH);
const OWN = { kind: 'own-emulator', url: 'http://127.0.0.1:4000' } as const;

describe('localEnvironment', () => {
  it('against its own emulator, a SecretId the seed knows selects that seeded credential (key and token from the seed)', () => {
    const { env, ignored } = localEnvironment(seed, OWN, null, { TENCENTCLOUD_SECRETID: 'AKIDTEMP1234567890ABCDEFGHIJKLMNOPQR' });
    expect(env).toMatchObject({
      RESET_API_ENDPOINT: OWN.url,
      TENCENTCLOUD_SECRETID: 'AKIDTEMP1234567890ABCDEFGHIJKLMNOPQR',
      TENCENTCLOUD_SESSIONTOKEN: 'demo-session-token-0123456789abcdef',
    });
    expect(env['TENCENTCLOUD_SECRETKEY']).toBe(seed.credentials[1]?.secretKey);
    expect(ignored).toEqual([]);
  });

  it('against its own emulator, an endpoint or key from the shell is ignored and named', () => {
    const { env, ignored } = localEnvironment(seed, OWN, null, {
      RESET_API_ENDPOINT: 'https://ecm.tencentcloudapi.com',
      RESET_API_PROXY: 'http://proxy.example:3128',
      TENCENTCLOUD_SECRETKEY: 'real',
      TENCENTCLOUD_UIN: '200000000002',
    });
    expect(env['RESET_API_ENDPOINT']).toBe(OWN.url);
    expect(env['RESET_API_PROXY']).toBeUndefined();
    expect(env['TENCENTCLOUD_SECRETID']).toBe('AKIDDEMO1234567890ABCDEFGHIJKLMNOPQR');
    expect(env['TENCENTCLOUD_UIN']).toBe('100012345678');
    expect(ignored.map((line) => line.split(' ')[0])).toEqual(['RESET_API_ENDPOINT', 'RESET_API_PROXY', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_UIN']);
  });

  it('against an endpoint the caller named, the caller’s credentials and policy win; an empty value counts as unset', () => {
    const { env, ignored } = localEnvironment(seed, { kind: 'external', url: 'http://127.0.0.1:5000' }, null, {
      TENCENTCLOUD_SECRETID: 'AKIDOTHER',
      TENCENTCLOUD_SECRETKEY: 'other-key',
      RESET_ALLOW: 'ein-zzzzzzzz',
      RESET_API_ENDPOINT: '',
    });
    expect(env).toMatchObject({
      RESET_API_ENDPOINT: 'http://127.0.0.1:5000',
      TENCENTCLOUD_SECRETID: 'AKIDOTHER',
      TENCENTCLOUD_SECRETKEY: 'other-key',
      RESET_ALLOW: 'ein-zzzzzzzz',
    });
    expect(ignored).toEqual([]);
  });
});
