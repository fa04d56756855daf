import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../../support/function';
import { cleanEnv, ROOT, runProcess } from '../../support/process';

const fixture = (path: string) => join(ROOT, 'test/fixtures/events', path);
const DEMO_PASSWORD = 'Demo-Reset#2024x';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node lib/tools/cli/bin.mjs invoke …` (what `npx ecm-reset invoke` runs; or, with `viaNpm`,
 * `npm run -s invoke -- …` exactly as a user types it) with none of the caller's RESET_* /
 * TENCENTCLOUD_* variables but `shell`'s.
 */
function invokeCli(args: string[], shell: Record<string, string> = {}, viaNpm = false): Promise<Run> {
  const [command, prefix] = viaNpm ? ['npm', ['run', '-s', 'invoke', '--']] : [process.execPath, ['lib/tools/cli/bin.mjs', 'invoke']];
  return runProcess(command, [...prefix, ...args], { env: cleanEnv(shell) });
}

interface Output {
  response: Record<string, unknown>;
  published: Record<string, unknown>[];
  calls: { service: string; action: string; params: Record<string, unknown>; httpStatus: number | null; error?: { code: string }; fault?: string }[];
}

/** stdout must be exactly one JSON document with the three keys (exit 0 unless told: a refused record makes it 1). */
function document(run: Run, code = 0): Output {
  expect(run.code).toBe(code);
  const out = JSON.parse(run.stdout) as Output;
  expect(Object.keys(out).sort()).toEqual(['calls', 'published', 'response']);
  return out;
}

/** Every stderr line is one JSON log line. */
function logEvents(run: Run): string[] {
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  return lines.map((l) => String((JSON.parse(l) as { event: string }).event));
}

describe('npx ecm-reset invoke (lib/tools/dev/invoke-command.ts) against an ephemeral demo emulator', () => {
  const runs = new Map<string, Run>();

  beforeAll(async () => {
    // One spawn per trigger kind plus a usage error (8 in all), at once: each costs about a second.
    const cases: [string, string[], Record<string, string>?, boolean?][] = [
      // --sign: the captured signature and token are placeholders.
      ['http', ['--event', fixture('api-gateway/reset-lowercase-headers.json'), '--sign']],
      ['alarm', ['--event', fixture('api-gateway/alarm-callback.json'), '--sign']],
      ['timer', ['--event', fixture('timer/json-message.json')]],
      ['eventbridge', ['--event', fixture('eventbridge/batch-eventlist.json')]],
      ['cmq', ['--event', fixture('cmq/queue-two-records-one-bad.json')]],
      ['ckafka', ['--event', fixture('ckafka/two-records.json')]],
      ['invoke', ['--event', fixture('invoke/request.json')]],
      ['no-event', []],
      // A shell left pointing at the real cloud: the ephemeral emulator must still be the target.
      [
        'stray-shell',
        ['--event', fixture('invoke/request.json')],
        { RESET_API_ENDPOINT: '', TENCENTCLOUD_SECRETID: 'AKIDREALCLOUDKEY0000000000000000000', TENCENTCLOUD_SECRETKEY: 'real-cloud-secret-key' },
        true,
      ],
      // Port 9 (discard) is in fetch's blocked list; a closed port of loopback is refused instead.
      ['unreachable', ['--event', fixture('invoke/request.json')], { RESET_API_ENDPOINT: 'http://127.0.0.1:47' }],
    ];
    const results = await Promise.all(cases.map(([, args, shell, viaNpm]) => invokeCli(args, shell, viaNpm)));
    for (const [i, [name]] of cases.entries()) runs.set(name, results[i] as Run);
  }, 60_000);

  const run = (name: string): Run => {
    const r = runs.get(name);
    if (r === undefined) throw new Error(`no run ${name}`);
    return r;
  };

  it('direct invoke: prints the response, the published message and the API calls; logs go to stderr', () => {
    const out = document(run('invoke'));
    expect(out.response).toMatchObject({ type: 'reset.accepted', status: 202 });
    expect(out.published).toEqual([expect.objectContaining({ type: 'reset.accepted', trigger: expect.objectContaining({ kind: 'invoke' }) })]);
    const actions = out.calls.map((c) => c.action);
    expect(actions).toEqual(expect.arrayContaining(['DescribeInstances', 'GetSecretValue', 'GetObject', 'PutObject', 'ResetInstances', 'PublishCmqMsg']));
    expect(out.calls.find((c) => c.action === 'ResetInstances')?.params).toMatchObject({ InstanceIdSet: ['ein-aaaaaaaa', 'ein-bbbbbbbb'] });
    // Each call says how the emulator answered it: a ledger read of a missing object is a 404, not a success.
    expect(out.calls.find((c) => c.action === 'ResetInstances')).toMatchObject({ service: 'ecm', httpStatus: 200 });
    expect(out.calls.find((c) => c.action === 'GetObject')).toMatchObject({ service: 'cos', httpStatus: 404, error: { code: 'NoSuchKey' } });
    expect(out.calls.every((c) => !('fault' in c))).toBe(true);
    expect(logEvents(run('invoke'))).toEqual(expect.arrayContaining(['reset.decision', 'result.published']));
  });

  it('API Gateway POST /reset with --sign: 202 integrated response', () => {
    const out = document(run('http'));
    expect(out.response).toMatchObject({ statusCode: 202, isBase64Encoded: false });
    expect(JSON.parse(String(out.response['body']))).toMatchObject({ type: 'reset.accepted' });
    expect(out.published).toEqual([expect.objectContaining({ trigger: { kind: 'http', id: '23a1b77297ab9167d5aa049021f6555d' } })]);
  });

  it('alarm callback with --sign (token): retCode 0 with its outcome, the UUID mapped by DescribeInstances, the instance reset', () => {
    const out = document(run('alarm'));
    expect(JSON.parse(String(out.response['body']))).toMatchObject({ sessionId: 'ecm-7Zq2hY1pWc9xK3', retCode: 0, outcome: { type: 'reset.accepted' } });
    expect(out.calls.some((c) => c.action === 'DescribeInstances' && JSON.stringify(c.params).includes('instance-uuid'))).toBe(true);
    expect(out.published).toEqual([expect.objectContaining({ type: 'reset.accepted', trigger: { kind: 'alarm', id: 'ecm-7Zq2hY1pWc9xK3' } })]);
  });

  it('timer: the Message request is reset', () => {
    const out = document(run('timer'));
    expect(out.response).toMatchObject({ type: 'reset.accepted' });
    expect(out.published).toEqual([expect.objectContaining({ trigger: { kind: 'timer', id: 'nightly' } })]);
  });

  it('EventBridge batch, CMQ and CKafka: one answer and one message per record; a refused record makes the exit code 1', () => {
    const eb = document(run('eventbridge'), 1);
    expect((eb.response['records'] as { type: string }[]).map((r) => r.type)).toEqual(['reset.accepted', 'reset.rejected', 'reset.rejected']);
    expect(eb.published.map((m) => m['type'])).toEqual(['reset.accepted', 'reset.rejected', 'reset.rejected']);
    const cmq = document(run('cmq'), 1);
    expect((cmq.response['records'] as { type: string }[]).map((r) => r.type)).toEqual(['reset.accepted', 'reset.rejected']);
    expect(cmq.published).toHaveLength(2);
    const ckafka = document(run('ckafka'));
    expect((ckafka.response['records'] as { type: string }[]).map((r) => r.type)).toEqual(['reset.accepted', 'reset.accepted']);
    expect(ckafka.calls.filter((c) => c.action === 'ResetInstances')).toHaveLength(2);
  });

  it('never prints the password or a caller key, on stdout or stderr', () => {
    for (const [name, r] of runs) {
      for (const secret of [DEMO_PASSWORD, ...DEMO_KEYS]) {
        expect(r.stdout, name).not.toContain(secret);
        expect(r.stderr, name).not.toContain(secret);
      }
    }
  });

  it('npm run invoke with an empty RESET_API_ENDPOINT and real-looking credentials in the shell: stdout is only the JSON document, the ephemeral emulator is reset as its seed credential, and stderr says what was ignored', () => {
    const r = run('stray-shell');
    const out = document(r);
    expect(out.response).toMatchObject({ type: 'reset.accepted', status: 202 });
    expect(out.calls.some((c) => c.action === 'ResetInstances' && !c.error)).toBe(true);
    expect(r.stderr).toContain('note: ignored TENCENTCLOUD_SECRETID');
    expect(r.stderr).toContain('note: ignored TENCENTCLOUD_SECRETKEY');
    expect(r.stderr).not.toContain('note: ignored RESET_API_ENDPOINT');
    expect(r.stderr).not.toContain('real-cloud-secret-key');
  });

  it('an endpoint nobody answers: exit 1 and the reason, not just "fetch failed"', () => {
    const r = run('unreachable');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot reach the emulator at http://127.0.0.1:47');
    expect(r.stderr).toContain('ECONNREFUSED');
  });

  it('exits 2 with the usage on stderr when --event is missing', () => {
    const r = run('no-event');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--event is required');
    expect(r.stderr).toContain('usage: npx ecm-reset invoke --event FILE|-');
  });
});
