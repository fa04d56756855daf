import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../../lib/function/deps';
import { createLogger } from '../../../lib/function/kernel/logger';
import { loadEvent, loadObject } from '../../support/fixtures';
import { type FunctionUnderTest, httpAnswer, signedResetEvent, startFunction } from '../../support/function';

/** Four bad variables at once: a bad number, a bad flag, a bad allow-list entry, a missing topic. */
const BAD_ENV = {
  RESET_MAX_INSTANCES: 'ten',
  RESET_DRY_RUN: 'yes',
  RESET_ALLOW: 'tag:env=staging,ein-NOPE',
  RESET_TOPIC: '',
};
const BAD_NAMES = ['RESET_MAX_INSTANCES', 'RESET_DRY_RUN', 'RESET_ALLOW', 'RESET_TOPIC'];

describe('an invalid configuration', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startFunction();
    fut.restart(BAD_ENV);
    // The configuration is read when the container first needs it (not while SCF loads the module).
    await fut.invoke(loadObject('api-gateway', 'health-get'));
  });
  afterAll(() => fut.close());

  const configLines = () => fut.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['event'] === 'config.invalid');

  it('is logged once per container, at its first invocation, as one JSON line naming each bad variable', () => {
    const lines = configLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', code: 'Config.Invalid' });
    const issues = lines[0]?.['issues'] as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual([...BAD_NAMES].sort());
    for (const name of BAD_NAMES) expect(String(lines[0]?.['message'])).toContain(name);
  });

  it('says in plain words what is wrong with each variable', () => {
    const issues = configLines()[0]?.['issues'] as { path: string; message: string }[];
    expect(Object.fromEntries(issues.map((i) => [i.path, i.message]))).toEqual({
      RESET_MAX_INSTANCES: 'RESET_MAX_INSTANCES must be a whole number from 1 to 10000',
      RESET_DRY_RUN: 'RESET_DRY_RUN must be true or false',
      RESET_ALLOW: 'RESET_ALLOW entry "ein-NOPE" is not an instance id, tag:KEY=VALUE or *',
      RESET_TOPIC: 'RESET_TOPIC is required',
    });
  });

  it('answers every HTTP request with 500 JSON naming each bad variable but none of their values, without a stack trace', async () => {
    for (const event of [signedResetEvent({ instanceIds: ['ein-aaaaaaaa'], reason: 'x' }), loadObject('api-gateway', 'health-get')]) {
      const raw = (await fut.invoke(event)) as { statusCode: number; headers: Record<string, string>; body: string };
      expect(raw.headers['Content-Type']).toMatch(/application\/json/);
      const r = httpAnswer(raw);
      expect(r.status).toBe(500);
      const error = r.body['error'] as { code: string; message: string; issues: { path: string }[] };
      expect(error.code).toBe('Config.Invalid');
      for (const name of BAD_NAMES) expect(error.message).toContain(name);
      // The caller may not be authenticated: the values and the reasons stay in the log.
      expect(error.issues).toBeUndefined();
      expect(raw.body).not.toContain('ein-NOPE');
      expect(raw.body).not.toContain('ten');
      expect(raw.body).not.toMatch(/\n\s+at /);
    }
  });

  it.each([
    ['timer', loadEvent('timer', 'json-message')],
    ['CMQ', loadEvent('cmq', 'topic-string-tags')],
    ['EventBridge', loadEvent('eventbridge', 'alarm')],
    ['direct invoke', loadEvent('invoke', 'request')],
    ['an unrecognised event', null],
  ])('fails a %s invocation with an Error naming each variable whose stack is only its message', async (_name, event) => {
    const err = await fut.invoke(event).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const e = err as Error;
    expect(e.message).toMatch(/^Config\.Invalid: invalid configuration/);
    for (const name of BAD_NAMES) expect(e.message).toContain(name);
    expect(e.stack).toBe(e.message);
  });

  it('makes no cloud call, publishes nothing, and logs nothing more per invocation', () => {
    expect(fut.calls()).toEqual([]);
    expect(fut.messages()).toEqual([]);
    expect(configLines()).toHaveLength(1);
  });

  it('names every missing required variable when the environment is empty', () => {
    // A cold start of its own, logging to its own lines.
    const lines: string[] = [];
    const deps = createDeps({}, { log: createLogger((l) => lines.push(l)) });
    expect(lines).toHaveLength(0);
    // Read when first needed, and once only.
    expect(deps.configure({}).config).toBe(deps.configure({ region: 'ap-shanghai' }).config);
    expect(lines).toHaveLength(1);
    const message = String((JSON.parse(lines[0] ?? '{}') as { message: string }).message);
    for (const name of ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_REGION', 'TENCENTCLOUD_UIN', 'RESET_TOPIC']) {
      expect(message).toContain(`${name} is required`);
    }
  });
});

describe('a valid configuration after a fix', () => {
  it('works again on the next cold start', async () => {
    const fut = await startFunction({ env: { RESET_DRY_RUN: 'maybe' } });
    try {
      await expect(fut.invoke(loadEvent('invoke', 'request'))).rejects.toThrow(/RESET_DRY_RUN/);
      fut.restart({ RESET_DRY_RUN: 'false' });
      expect(await fut.invoke(loadEvent('invoke', 'request'))).toMatchObject({ type: 'reset.accepted' });
    } finally {
      await fut.close();
    }
  });
});
