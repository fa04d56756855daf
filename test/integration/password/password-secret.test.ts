import { afterEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../../lib/function/config/config';
import { createCloudPorts, createDeps } from '../../../lib/function/deps';
import { isAppError } from '../../../lib/function/kernel/errors';
import { createLogger } from '../../../lib/function/kernel/logger';
import { demoSeed } from '../../support/emulator';
import { type FunctionOptions, type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

const SECRET = 'ecm-reset/root-password';
const DEMO_PASSWORD = 'Demo-Reset#2024x';

/** The demo seed's secrets with the password secret's current version replaced. */
function withPassword(value: string | { binary: string }): NonNullable<FunctionOptions['seed']> {
  const secrets = (demoSeed().secrets ?? []).map((s) => (s.name === SECRET ? { ...s, versions: { SSM_Current: value } } : s));
  return { secrets };
}

/**
 * Rebuilds the function's cold start with its real SDK ports, wrapped to record the password
 * each ResetInstances call carried (the emulator's call log redacts it, as it should).
 */
function recordPasswords(fut: FunctionUnderTest): (string | null)[] {
  const config = loadConfig(fut.env);
  if (isAppError(config)) throw config;
  const real = createCloudPorts(config as Config);
  const sent: (string | null)[] = [];
  const ports = {
    ...real,
    ecm: {
      describeInstances: real.ecm.describeInstances.bind(real.ecm),
      describeImage: real.ecm.describeImage.bind(real.ecm),
      resetInstances: (p: Parameters<typeof real.ecm.resetInstances>[0]) => {
        sent.push(p.password);
        return real.ecm.resetInstances(p);
      },
    },
  };
  fut.deps = createDeps(fut.env, { clock: fut.clock, log: createLogger((line) => fut.logs.push(line)), ports });
  return sent;
}

/** Changes the secret's current version in the emulator, as a rotation would. */
function rotate(fut: FunctionUnderTest, value: string): void {
  const secret = fut.emu.emulator.store.ssm.secrets.get(SECRET);
  if (secret === undefined) throw new Error(`no secret ${SECRET}`);
  (secret.versions as Record<string, unknown>)['SSM_Current'] = value;
}

const passwordFetches = (fut: FunctionUnderTest) =>
  fut.calls('GetSecretValue').filter((c) => (c.params as { SecretName?: string }).SecretName === SECRET).length;

/** Everything the function wrote or sent anywhere a person or another system can read. */
const everything = (fut: FunctionUnderTest, answers: unknown[]) => JSON.stringify([answers, fut.logs, fut.messages(), fut.calls(), fut.emu.emulator.calls]);

describe('the new root password from SSM', () => {
  let fut: FunctionUnderTest | undefined;
  afterEach(async () => {
    await fut?.close();
    fut = undefined;
  });

  const start = async (options: FunctionOptions = {}) => {
    fut = await startFunction(options);
    return fut;
  };

  it('is read from a plain-string secret and sent to ResetInstances, appearing nowhere else', async () => {
    const f = await start();
    const sent = recordPasswords(f);
    const answer = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'plain' });
    expect(answer).toMatchObject({ type: 'reset.accepted' });
    expect(sent).toEqual([DEMO_PASSWORD]);
    expect(everything(f, [answer])).not.toContain(DEMO_PASSWORD);
  });

  it('ignores the trailing newline a pasted plain-string secret often has', async () => {
    const f = await start({ seed: withPassword('Pasted-Pass#2024\n') });
    const sent = recordPasswords(f);
    expect(await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'pasted' })).toMatchObject({ type: 'reset.accepted' });
    expect(sent).toEqual(['Pasted-Pass#2024']);
  });

  it('is read from JSON {"password": …}', async () => {
    const f = await start({ seed: withPassword('{"password":"Json-Pass#2024z","rotatedBy":"ops"}') });
    const sent = recordPasswords(f);
    const answer = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'json' });
    expect(answer).toMatchObject({ type: 'reset.accepted' });
    expect(sent).toEqual(['Json-Pass#2024z']);
    expect(everything(f, [answer])).not.toContain('Json-Pass#2024z');
  });

  it('is read from SecretBinary', async () => {
    const f = await start({ seed: withPassword({ binary: Buffer.from('Bin-Pass#2024b').toString('base64') }) });
    const sent = recordPasswords(f);
    const answer = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'binary' });
    expect(answer).toMatchObject({ type: 'reset.accepted' });
    expect(sent).toEqual(['Bin-Pass#2024b']);
    expect(everything(f, [answer])).not.toContain('Bin-Pass#2024b');
  });

  it('is fetched once for two warm invocations, and again once the cache TTL has passed', async () => {
    const f = await start({ env: { RESET_SECRET_CACHE_SECONDS: '60' } });
    await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'one' });
    await f.invoke({ instanceIds: ['ein-bbbbbbbb'], reason: 'two' });
    expect(passwordFetches(f)).toBe(1);
    f.clock.advance(61_000);
    await f.invoke({ instanceIds: ['ein-web00003'], reason: 'three' });
    expect(passwordFetches(f)).toBe(2);
  });

  it('is fetched afresh after ResetInstances refused it (InvaildPassword), so a rotated secret takes over', async () => {
    const f = await start();
    const sent = recordPasswords(f);
    await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'one' });
    f.emu.emulator.faults.add({ action: 'ResetInstances', code: 'InvalidParameterValue.InvaildPassword', times: 1 });
    const refused = await f.invoke({ instanceIds: ['ein-bbbbbbbb'], reason: 'two' });
    expect(refused).toMatchObject({
      type: 'reset.failed',
      results: [{ instanceId: 'ein-bbbbbbbb', status: 'failed', code: 'InvalidParameterValue.InvaildPassword' }],
    });
    expect(passwordFetches(f)).toBe(1);
    rotate(f, 'Rotated-Pass#25');
    const third = await f.invoke({ instanceIds: ['ein-web00003'], reason: 'three' });
    expect(third).toMatchObject({ type: 'reset.accepted' });
    expect(passwordFetches(f)).toBe(2);
    expect(sent).toEqual([DEMO_PASSWORD, DEMO_PASSWORD, 'Rotated-Pass#25']);
    expect(everything(f, [refused, third])).not.toMatch(/Demo-Reset#2024x|Rotated-Pass#25/);
  });

  it('that breaks the password rules fails with a clear Password.Policy error before ResetInstances, and is not cached', async () => {
    const f = await start({ seed: withPassword('password') });
    const r = httpAnswer(await f.invoke(signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'weak' })));
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({
      type: 'reset.failed',
      error: { code: 'Password.Policy', message: expect.stringContaining('does not meet the linux password rules') },
    });
    expect(f.calls('ResetInstances')).toEqual([]);
    expect(f.messages()).toEqual([expect.objectContaining({ type: 'reset.failed', error: expect.objectContaining({ code: 'Password.Policy' }) })]);
    rotate(f, 'Fixed-Pass#2024');
    const fixed = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'fixed' });
    expect(fixed).toMatchObject({ type: 'reset.accepted' });
    expect(everything(f, [r, fixed])).not.toMatch(/"password"|Fixed-Pass#2024/);
  });

  it("is checked against each instance's OS: in a mixed request only the Windows instance fails, the Linux one is reset", async () => {
    // 10 characters of letters and digits: enough for Linux, not for Windows (12+, 3 classes).
    const f = await start({ seed: withPassword('abcdef1234'), env: { RESET_ALLOW: '*' } });
    const mixed = await f.invoke({ instanceIds: ['ein-aaaaaaaa', 'ein-win00001'], reason: 'mixed' });
    expect(mixed).toMatchObject({ type: 'reset.partial' });
    expect((mixed as { results: unknown[] }).results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ instanceId: 'ein-aaaaaaaa', status: 'accepted' }),
        expect.objectContaining({
          instanceId: 'ein-win00001',
          status: 'failed',
          code: 'Password.Policy',
          message: expect.stringContaining('windows password'),
        }),
      ]),
    );
    expect(f.calls('ResetInstances').map((c) => (c.params as { InstanceIdSet: string[] }).InstanceIdSet)).toEqual([['ein-aaaaaaaa']]);
    // Every instance of the request on an OS that refuses it: the request fails, nothing is sent.
    const windows = await f.invoke({ instanceIds: ['ein-win00001'], reason: 'windows only' });
    expect(windows).toMatchObject({ type: 'reset.failed', error: { code: 'Password.Policy', message: expect.stringContaining('windows password') } });
    expect(f.calls('ResetInstances')).toHaveLength(1);
    f.clock.advance(4_000_000);
    const linux = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'linux only' });
    expect(linux).toMatchObject({ type: 'reset.accepted' });
    expect(everything(f, [mixed, linux])).not.toContain('abcdef1234');
  });

  it('is checked against the OS of the image a request names, not the OS being replaced', async () => {
    const f = await start({ seed: withPassword('abcdef1234'), env: { RESET_ALLOW: '*' } });
    // Linux reinstalled with Windows: the Linux-only password is refused before any reset.
    const toWindows = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], imageId: 'img-pubwin01', reason: 'to windows' });
    expect(toWindows).toMatchObject({ type: 'reset.failed', error: { code: 'Password.Policy', message: expect.stringContaining('windows password') } });
    expect(f.calls('ResetInstances')).toEqual([]);
    // Windows reinstalled with Linux: the same password is fine for the new system.
    const toLinux = await f.invoke({ instanceIds: ['ein-win00001'], imageId: 'img-aaaaaaaa', reason: 'to linux' });
    expect(toLinux).toMatchObject({ type: 'reset.accepted' });
    expect(f.calls('DescribeImage').map((c) => c.params)).toEqual([
      { Filters: [{ Name: 'image-id', Values: ['img-pubwin01'] }], Limit: 1 },
      { Filters: [{ Name: 'image-id', Values: ['img-aaaaaaaa'] }], Limit: 1 },
    ]);
    expect(everything(f, [toWindows, toLinux])).not.toContain('abcdef1234');
  });

  it('JSON without a password key fails with Password.Policy naming the secret, not its content', async () => {
    const f = await start({ seed: withPassword('{"pass":"Secret-Val#2024"}') });
    const answer = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'no key' });
    expect(answer).toMatchObject({ type: 'reset.failed', error: { code: 'Password.Policy', message: expect.stringContaining(SECRET) } });
    expect(everything(f, [answer])).not.toContain('Secret-Val#2024');
  });

  it("a secret that does not exist fails with Password.Unavailable and SSM's code", async () => {
    const f = await start({ env: { RESET_PASSWORD_SECRET: 'ecm-reset/missing' } });
    const answer = await f.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'missing' });
    expect(answer).toMatchObject({
      type: 'reset.failed',
      status: 503,
      results: [{ instanceId: 'ein-aaaaaaaa', status: 'failed', code: 'ResourceNotFound.SecretNotExist' }],
    });
    expect(f.calls('ResetInstances')).toEqual([]);
  });

  it('is never in logs, responses, messages or the call log across every trigger path', async () => {
    const f = await start();
    const answers = [
      await f.invoke(signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'http' })),
      await f.invoke({ Type: 'Timer', TriggerName: 'nightly', Time: '2024-05-02T18:00:00Z', Message: '{"instanceIds":["ein-bbbbbbbb"]}' }),
      await f.invoke({ instanceIds: ['ein-web00003'], reason: 'dry', dryRun: true }),
    ];
    expect(answers.map((a) => (a as { type?: string; statusCode?: number }).type ?? (a as { statusCode: number }).statusCode)).toEqual([
      202,
      'reset.accepted',
      'reset.dry-run',
    ]);
    expect(everything(f, answers)).not.toContain(DEMO_PASSWORD);
    expect(f.calls('ResetInstances').every((c) => (c.params as { Password?: string }).Password !== DEMO_PASSWORD)).toBe(true);
  });
});
