import type { Seed } from '../../lib/tools/emulator/index';
import { demoSeed } from './emulator';

/**
 * Base64 of bytes that start like a zip: the emulator checks the PK header and records size and sha256,
 * it never unpacks the archive.
 */
export function zipFile(content = 'exports.main_handler = async () => "ok";'): string {
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(content)]).toString('base64');
}

/** Credentials denied SCF entirely and one CAM action, besides the demo's. */
export const NO_SCF = { secretId: 'AKIDNOSCF234567890ABCDEFGHIJKLMNOPQR', secretKey: 'NoScfSecretKeyNoScfSecretKey1234' };

/** Emulated SCF settles after a minute, so a test sees Creating until it moves the clock. */
export const SETTLE_MS = 60_000;

/**
 * The demo seed plus what a deployer meets in an account that already ran the old deployment: a run role
 * with its policy, and a function with a legacy API Gateway trigger and a timer. No rate limit gets in the way.
 */
export function managementSeed(): Partial<Seed> {
  return {
    rateLimitPerSecond: 1000,
    scfSettleMs: SETTLE_MS,
    credentials: [...demoSeed().credentials, { ...NO_SCF, token: null, deny: ['scf:*', 'cam:CreateRole'], uin: '100012345678' }],
    policies: [
      {
        name: 'ecm-reset-run',
        description: 'what the function may do',
        document: { version: '2.0', statement: [{ effect: 'allow', action: ['name/ecm:ResetInstances', 'name/ecm:DescribeInstances'], resource: '*' }] },
      },
    ],
    roles: [{ name: 'ecm-reset-runner', policies: ['ecm-reset-run'] }],
    functions: [
      {
        name: 'legacy-reset',
        role: 'ecm-reset-runner',
        environment: { RESET_ALLOW: 'tag:env=qa' },
        triggers: [
          { name: 'legacy-api', type: 'apigw', desc: { service: { serviceId: 'service-abcd1234' }, release: { environmentName: 'release' } } },
          { name: 'every-5-min', type: 'timer', desc: '0 */5 * * * * *' },
        ],
      },
    ],
  };
}
