import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS, type FunctionUnderTest } from '../../support/function';
import { alarmBody, alarmEvent, DEMO_PASSWORD, http, nowSeconds, SLACK_SECRET, signed, slackEvent, startGuarded } from '../../support/guard-support';

describe('no password, key or signing secret in any log line, message or response', () => {
  let fut: FunctionUnderTest;
  const answers: unknown[] = [];
  const signatures: string[] = [];
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0', RESET_ESCALATE_AFTER: '20' } });
    const run = async (event: Record<string, unknown>) => {
      const sig = (event['headers'] as Record<string, string>)['x-reset-signature'];
      if (sig !== undefined) signatures.push(sig.slice(3));
      answers.push(await fut.invoke(event));
      fut.clock.advance(60_000);
    };
    // The paths that touch secrets: accepted, dry run, refused, failed (Windows password rules), 401s, Slack, alarm.
    await run(signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'accepted' }));
    await run(signed(fut, { instanceIds: ['ein-bbbbbbbb'], dryRun: true, reason: 'dry' }));
    await run(signed(fut, { instanceIds: ['ein-db000001'], reason: 'refused' }));
    await run(signed(fut, { instanceIds: ['ein-flaky001'], reason: 'fails later' }));
    await run(signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'bad key' }, { key: 'e'.repeat(64) }));
    const stale = signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'stale' }, { timestamp: nowSeconds(fut) - 999 });
    await run(stale);
    await run(slackEvent(fut, { text: 'ein-web00003 -- slack' }));
    await run(slackEvent(fut, { text: 'ein-web00003 -- forged' }, { secret: 'forged-secret' }));
    await run(alarmEvent(alarmBody('secret-check')));
    await run(alarmEvent(alarmBody('secret-check-2'), { token: 'wrong-token-value-123' }));
    // A request that tries to smuggle a password field is refused; its value must not be echoed either.
    await run(signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'pw', password: DEMO_PASSWORD }));
  });
  afterAll(() => fut.close());

  it('the demo password, both caller keys, the Slack secret and the signatures never appear', () => {
    const everything = JSON.stringify([answers, fut.messages(), fut.logs]);
    expect(fut.logs.length).toBeGreaterThan(0);
    expect(fut.messages().length).toBeGreaterThan(0);
    const forbidden = [DEMO_PASSWORD, ...DEMO_KEYS, SLACK_SECRET, ...signatures];
    for (const secret of forbidden) expect(everything).not.toContain(secret);
  });

  it('the password reached the API (so the test proves redaction, not absence) and the emulator log redacts it', async () => {
    const resets = fut.calls('ResetInstances');
    expect(resets.length).toBeGreaterThan(0);
    expect(JSON.stringify(resets)).not.toContain(DEMO_PASSWORD);
    expect(resets[0]?.params).toHaveProperty('Password');
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'final' }))).status).toBe(202);
  });
});

describe('a password an API error quotes in another form (URL-encoded, base64) is scrubbed too', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0', RESET_ESCALATE_AFTER: '20' } });
  });
  afterAll(() => fut.close());

  const forms = {
    'URL-encoded': encodeURIComponent(DEMO_PASSWORD),
    base64: Buffer.from(DEMO_PASSWORD).toString('base64'),
  };

  it.each(Object.entries(forms))('an error message quoting the %s password reaches no result, message, answer or log line', async (_form, quoted) => {
    expect(quoted).not.toBe(DEMO_PASSWORD);
    fut.emu.emulator.faults.add({
      action: 'ResetInstances',
      code: 'InvalidParameter.InvalidDataFormat',
      message: `bad form field Password=${quoted}&InstanceIdSet.0=x`,
    });
    const answer = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'echoed password' }));
    fut.clock.advance(60_000);
    // The error did reach the function (so the test proves scrubbing, not absence).
    const results = answer.body['results'] as { status: string; code: string; message: string }[];
    expect(results).toEqual([
      expect.objectContaining({ status: 'failed', code: 'InvalidParameter.InvalidDataFormat', message: expect.stringContaining('Password=[redacted]') }),
    ]);
    const everything = JSON.stringify([answer, fut.messages(), fut.logs]);
    expect(everything).not.toContain(quoted);
    expect(everything).not.toContain(DEMO_PASSWORD);
  });
});
