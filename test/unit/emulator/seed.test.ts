import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkInstancePassword } from '../../../lib/function/guardrails/password-policy';
import { DEMO_SEED_PATH, instanceUuid, loadSeed, parseSeed, SeedError } from '../../../lib/tools/emulator/index';

const minimal = {
  credentials: [{ secretId: 'AKIDX', secretKey: 'k' }],
  images: [{ imageId: 'img-aaaaaaaa', architecture: 'x86_64', osType: 'linux', kind: 'public' }],
  instances: [{ instanceId: 'ein-aaaaaaaa', instanceName: 'a', imageId: 'img-aaaaaaaa', memoryGb: 1, osType: 'linux' }],
};

describe('SeedSchema', () => {
  it('fills in the defaults', () => {
    const seed = parseSeed(minimal);
    expect(seed.resetDurationMs).toBe(3000);
    expect(seed.rateLimitPerSecond).toBe(20);
    expect(seed.credentials[0]).toMatchObject({ token: null, deny: [], uin: '100000000001' });
    expect(seed.instances[0]).toMatchObject({ state: 'RUNNING', tags: {}, resetOutcome: 'SUCCESS', latestOperationState: null });
  });

  it('generates a stable UUID when the seed has none', () => {
    const uuid = instanceUuid({ instanceId: 'ein-aaaaaaaa', uuid: undefined });
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(instanceUuid({ instanceId: 'ein-aaaaaaaa', uuid: undefined })).toBe(uuid);
  });

  it('rejects a bad seed with a message naming each problem and its path', () => {
    const bad = {
      credentials: [{ secretId: 'AKIDX', secretKey: '' }],
      images: [{ imageId: 'img-aaaaaaaa', architecture: 'arm64', osType: 'linux', kind: 'public' }],
      instances: [{ instanceId: 'EIN-1', instanceName: 'a', imageId: 'img-aaaaaaaa', memoryGb: 1, osType: 'linux', colour: 'red' }],
    };
    let error: unknown;
    try {
      parseSeed(bad, 'bad.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SeedError);
    const message = (error as SeedError).message;
    expect(message).toContain('invalid seed (bad.json)');
    expect(message).toContain('credentials.0.secretKey: secretKey must not be empty');
    expect(message).toContain('images.0.architecture: architecture is x86_64 or i386');
    expect(message).toContain('instances.0.instanceId: instanceId is "ein-" + 8 lower-case letters or digits');
    expect(message).toContain('instances.0.colour');
  });

  it('rejects an instance whose image is not seeded, and duplicates', () => {
    const bad = { ...minimal, instances: [...minimal.instances, { ...minimal.instances[0], imageId: 'img-bbbbbbbb' }] };
    expect(() => parseSeed(bad)).toThrow(/instance ein-aaaaaaaa is listed twice[\s\S]*uses image img-bbbbbbbb, which is not in "images"/);
  });

  it('rejects two instances with one uuid (an alarm dimension must map to one) and an instance whose osType differs from its image', () => {
    const uuid = '6f6ac9e2-1111-4222-a333-444455556666';
    const bad = {
      ...minimal,
      images: [...minimal.images, { imageId: 'img-wwwwwwww', architecture: 'x86_64', osType: 'windows', kind: 'public' }],
      instances: [
        { ...minimal.instances[0], uuid },
        { instanceId: 'ein-bbbbbbbb', instanceName: 'b', imageId: 'img-wwwwwwww', memoryGb: 1, osType: 'linux', uuid: uuid.toUpperCase() },
      ],
    };
    expect(() => parseSeed(bad)).toThrow(
      /uuid 6f6ac9e2-1111-4222-a333-444455556666 is given to two instances[\s\S]*ein-bbbbbbbb is osType linux but its image img-wwwwwwww is windows/,
    );
  });

  it('says plainly what a seed is when given a list or an object without credentials', () => {
    expect(() => parseSeed([])).toThrow(/a seed is a JSON object: \{"credentials"/);
    expect(() => parseSeed(null)).toThrow(/a seed is a JSON object/);
    expect(() => parseSeed({ instances: [] })).toThrow(/credentials: at least one credential is needed/);
  });

  it('rejects a secret version that is neither a string nor {binary}', () => {
    expect(() => parseSeed({ ...minimal, secrets: [{ name: 's', versions: { v1: { binary: 'not base64!' } } }] })).toThrow(/binary must be base64/);
  });

  it('takes COS buckets named BucketName-APPID of a seeded account, versioning never enabled by default', () => {
    const seed = parseSeed({ ...minimal, buckets: [{ name: 'ledger-1250000000', region: 'ap-guangzhou' }] });
    expect(seed.buckets).toEqual([{ name: 'ledger-1250000000', region: 'ap-guangzhou' }]);
    const bad = {
      ...minimal,
      buckets: [
        { name: 'Ledger', region: 'ap-guangzhou' },
        { name: 'ok-1250000000', region: 'guangzhou', versioning: 'Disabled' },
        { name: 'ok-1250000000', region: 'ap-guangzhou' },
        { name: `${'a'.repeat(51)}-1250000000`, region: 'ap-guangzhou' },
      ],
    };
    expect(() => parseSeed(bad)).toThrow(
      /buckets\.0\.name: a bucket name is BucketName-APPID[\s\S]*buckets\.1\.region[\s\S]*buckets\.1\.versioning[\s\S]*buckets\.3\.name: the BucketName/,
    );
    expect(() =>
      parseSeed({
        ...minimal,
        buckets: [
          { name: 'b-1250000000', region: 'ap-guangzhou' },
          { name: 'b-1250000000', region: 'ap-beijing' },
        ],
      }),
    ).toThrow(/bucket b-1250000000 is listed twice/);
    expect(() => parseSeed({ ...minimal, buckets: [{ name: 'b-1300000000', region: 'ap-guangzhou' }] })).toThrow(
      /belongs to APPID 1300000000, which no credential has/,
    );
  });
});

describe('the demo seed', () => {
  it('is valid and has what the demo needs', async () => {
    const seed = await loadSeed(DEMO_SEED_PATH);
    // Images name their OS as DescribeImage does, by distribution.
    const kinds = new Set(seed.images.map((i) => `${i.kind}/${i.architecture}/${i.osType}`));
    expect(kinds).toEqual(
      new Set([
        'public/x86_64/CentOS',
        'public/i386/CentOS',
        'custom/x86_64/Ubuntu',
        'shared/x86_64/Debian',
        'imported/x86_64/Other Linux',
        'public/x86_64/Windows Server 2019',
      ]),
    );
    expect(seed.tagResourceForm).toBe('cam');
    expect(seed.instances.length).toBeGreaterThanOrEqual(8);
    expect(seed.instances.some((i) => i.osType === 'windows')).toBe(true);
    expect(seed.instances.filter((i) => i.tags.fleet === 'nightly').length).toBeGreaterThanOrEqual(3);
    expect(seed.credentials.some((c) => c.token !== null)).toBe(true);
    expect(seed.topics).toContain('ecm-reset-results');
    expect(seed.buckets).toEqual([{ name: 'ecm-reset-ledger-1250000000', region: 'ap-guangzhou' }]);
    expect(seed.resetDurationMs).toBe(3000);
  });

  it('has a root password that passes both the linux and the windows rule', async () => {
    const seed = await loadSeed(DEMO_SEED_PATH);
    const password = seed.secrets.find((s) => s.name === 'ecm-reset/root-password')?.versions.SSM_Current;
    expect(typeof password).toBe('string');
    expect(checkInstancePassword(password as string, 'linux')).toEqual({ ok: true });
    expect(checkInstancePassword(password as string, 'windows')).toEqual({ ok: true });
  });

  it('has two hex auth keys and a Slack signing secret', () => {
    const raw = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as { secrets: { name: string; versions: Record<string, string> }[] };
    const keys = JSON.parse(raw.secrets.find((s) => s.name === 'ecm-reset/auth-keys')?.versions.SSM_Current ?? 'null') as unknown;
    expect(keys).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(raw.secrets.some((s) => s.name === 'ecm-reset/slack-signing-secret')).toBe(true);
  });
});
