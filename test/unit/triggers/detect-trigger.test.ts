import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/function/kernel/errors';
import { detectTrigger } from '../../../lib/function/triggers/detect-trigger';
import type { ScfContext } from '../../../lib/function/triggers/scf-context';
import type { TriggerEvent } from '../../../lib/function/triggers/trigger-event';
import { type FixtureTrigger, loadEvent, loadObject } from '../../support/fixtures';

const CONTEXT: ScfContext = { request_id: 'f03dc946-3df4-45a0-8e54-000000000001', function_name: 'ecm-reset' };

function detect(event: unknown): TriggerEvent {
  const result = detectTrigger(event, CONTEXT, { now: Date.now() });
  if (result instanceof AppError) throw result;
  return result;
}

function unrecognized(event: unknown): AppError {
  const result = detectTrigger(event, CONTEXT, { now: Date.now() });
  if (!(result instanceof AppError)) throw new Error(`expected an error, got ${result.kind}`);
  expect(result.code).toBe('Event.Unrecognized');
  return result;
}

/** What detectTrigger calls each fixture: its family and, for intents, the trigger kind. */
function shape(t: TriggerEvent): string {
  if (t.kind === 'http') return 'http';
  if (t.kind === 'records') return `records:${t.source}`;
  return `single:${t.intent.trigger.kind}:${t.intent.type}`;
}

describe('detectTrigger', () => {
  const cases: [FixtureTrigger, string, string][] = [
    ['api-gateway', 'reset-lowercase-headers', 'http'],
    ['api-gateway', 'doc-sample-uppercase-headers', 'http'],
    ['api-gateway', 'function-url', 'http'],
    ['api-gateway', 'base64-body', 'http'],
    ['api-gateway', 'alarm-callback', 'http'],
    ['api-gateway', 'health-get', 'http'],
    ['timer', 'json-message', 'single:timer:request'],
    ['timer', 'selector-message', 'single:timer:request'],
    ['timer', 'lowercase-type', 'single:timer:request'],
    ['timer', 'not-json-message', 'single:timer:request'],
    ['timer', 'doc-sample', 'single:timer:request'],
    ['eventbridge', 'alarm', 'single:eventbridge:alarm'],
    ['eventbridge', 'alarm-recovered-numeric-status', 'single:eventbridge:alarm'],
    ['eventbridge', 'http-callback-data', 'single:eventbridge:alarm'],
    ['eventbridge', 'cvm-alarm', 'single:eventbridge:request'],
    ['eventbridge', 'subjuect-typo-request', 'single:eventbridge:request'],
    ['eventbridge', 'tdmq-connector', 'single:eventbridge:request'],
    ['eventbridge', 'batch-eventlist', 'records:eventbridge'],
    ['cmq', 'topic-string-tags', 'records:cmq'],
    ['cmq', 'topic-array-tags-numeric-owner', 'records:cmq'],
    ['cmq', 'go-lib-comma-space-tags', 'records:cmq'],
    ['cmq', 'queue-two-records-one-bad', 'records:cmq'],
    ['ckafka', 'two-records', 'records:ckafka'],
    ['ckafka', 'doc-sample', 'records:ckafka'],
    ['invoke', 'request', 'single:invoke:request'],
    ['invoke', 'request-idempotency-key', 'single:invoke:request'],
  ];

  it.each(cases)('recognises %s/%s as %s', (trigger, name, expected) => {
    expect(shape(detect(loadEvent(trigger, name)))).toBe(expected);
  });

  it('hands the HTTP request, not an intent, to the router', () => {
    const t = detect(loadEvent('api-gateway', 'reset-lowercase-headers'));
    expect(t.kind === 'http' && t.request.path).toBe('/reset');
  });

  it('keeps every record of a batch, the bad one included', () => {
    const t = detect(loadEvent('cmq', 'queue-two-records-one-bad'));
    if (t.kind !== 'records') throw new Error('expected records');
    expect(t.intents.map((i) => i.type === 'request' && i.payloadError !== undefined)).toEqual([false, true]);
  });

  it('uses the context request id for a direct invocation', () => {
    const t = detect(loadEvent('invoke', 'request'));
    expect(t.kind === 'single' && t.intent.identity).toBe('invoke:f03dc946-3df4-45a0-8e54-000000000001');
  });

  it('refuses a COS event and says which triggers are supported', () => {
    const e = unrecognized(loadEvent('unrecognized', 'cos'));
    expect(e.message).toMatch(/COS event/);
    expect(e.message).toMatch(/API Gateway.*timer.*EventBridge.*CMQ.*CKafka.*direct invocation/);
  });

  it('refuses a CLS log event', () => {
    expect(unrecognized(loadEvent('unrecognized', 'cls')).message).toMatch(/CLS/);
  });

  it.each([
    ['null', null],
    ['a list', []],
    ['a string', 'reset ein-aaaaaaaa'],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s', (_, event) => {
    unrecognized(event);
  });

  it('refuses an empty Records list rather than invoking with it', () => {
    unrecognized({ Records: [] });
  });

  it('reports a malformed timer event with the bad field instead of treating it as a request', () => {
    const event = loadObject('timer', 'json-message');
    delete event['TriggerName'];
    const e = unrecognized(event);
    expect(e.message).toMatch(/timer event but is malformed/);
    expect(e.issues.map((i) => i.path)).toContain('TriggerName');
  });

  it('reports a malformed API Gateway event', () => {
    const event = loadObject('api-gateway', 'health-get');
    delete event['path'];
    expect(unrecognized(event).issues.map((i) => i.path)).toContain('path');
  });

  it('reports a CloudEvent without an id', () => {
    const event = loadObject('eventbridge', 'alarm');
    delete event['id'];
    expect(unrecognized(event).message).toMatch(/EventBridge event but is malformed/);
  });

  it('reports an EventList that is not a list', () => {
    expect(unrecognized({ EventList: 'nope' }).message).toMatch(/EventBridge batch/);
  });

  it('takes an object with only an httpMethod for a direct invocation (the request schema rejects it later)', () => {
    expect(shape(detect({ httpMethod: 'POST' }))).toBe('single:invoke:request');
  });

  it('never throws, whatever the input', () => {
    const odd: unknown[] = [
      { Records: [{ CMQ: null }] },
      { Records: [{ Ckafka: 'x' }] },
      { Records: 'x' },
      { EventList: [null, 1, { specversion: '1.0' }] },
      { specversion: 1, source: 1 },
      { Type: 'TIMER', TriggerName: 'x', Time: 1 },
      { httpMethod: 1, headers: 'x' },
      { httpMethod: 'POST', path: '/reset', headers: { a: null, b: { c: 1 } }, body: null, requestContext: {} },
      Object.create(null),
    ];
    for (const event of odd) expect(() => detectTrigger(event, CONTEXT, { now: Date.now() })).not.toThrow();
  });
});

describe('detectTrigger with a bare alarm callback body', () => {
  it('reads a Cloud Monitor callback passed as the event as an alarm, not a request', () => {
    const r = detectTrigger(loadEvent('alarm', 'ecm-uuid-firing'), {}, { now: Date.now() });
    if (r instanceof AppError || r.kind !== 'single') throw new Error('expected a single intent');
    expect(r.intent).toMatchObject({ type: 'alarm', firing: true, trigger: { kind: 'alarm' }, target: { uuid: '4ef19d31-3117-455c-ae8e-2029a07d8999' } });
  });
});
