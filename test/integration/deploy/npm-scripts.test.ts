import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../lib/tools/build/bundle';
import { packageFunction } from '../../../lib/tools/build/package';
import { type StartedEmulator, startEmulator } from '../../support/emulator';
import { cleanEnv, runProcess } from '../../support/process';

describe('npm run deploy and npm run doctor as processes, as docs/deploy.md runs them against `npm run emulator`', () => {
  let started: StartedEmulator;
  let tmp: string;
  let zip: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    started = await startEmulator({ topics: [], buckets: [], secrets: [] });
    env = cleanEnv({
      RESET_API_ENDPOINT: started.emulator.url,
      TENCENTCLOUD_SECRETID: started.credential.secretId,
      TENCENTCLOUD_SECRETKEY: started.credential.secretKey,
    });
    tmp = mkdtempSync(join(tmpdir(), 'ecm-reset-npm-'));
    const fn = FUNCTIONS[0];
    if (fn === undefined) throw new Error('no function');
    zip = (await packageFunction(fn, tmp)).zipFile;
  }, 120_000);
  afterAll(async () => {
    await started.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('deploy --setup creates everything, a second deploy changes nothing, the doctor finds nothing wrong', async () => {
    const setup = await runProcess('npm', ['run', '--silent', 'deploy', '--', '--setup', '--zip', zip], { env });
    expect(setup.stderr).not.toMatch(/failed/);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('created role ecm-reset-role');
    expect(setup.stdout).toContain('+ create function ecm-reset');
    const again = await runProcess('npm', ['run', '--silent', 'deploy', '--', '--zip', zip], { env });
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('no changes');
    const doctor = await runProcess('npm', ['run', '--silent', 'doctor'], { env });
    expect(doctor.code).toBe(0);
    expect(
      doctor.stdout
        .trim()
        .split('\n')
        .every((l) => l.startsWith('ok ')),
    ).toBe(true);
  }, 120_000);
});
