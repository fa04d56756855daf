/**
 * `npx ecm-reset event`: every kind has the shape of its real payload (the fixtures under
 * test/fixtures/events/ are captures and documented samples) and is read by the function as the
 * trigger it stands for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/function/kernel/errors';
import { detectTrigger } from '../../../lib/function/triggers/detect-trigger';
import { buildEvent, EVENT_KINDS, type EventKind } from '../../../lib/tools/dev/events/event-kinds';
import { ROOT } from '../../support/process';

const fixture = (path: string) => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events', path), 'utf8')) as Record<string, unknown>;
const keys = (o: unknown) => Object.keys(o as object).sort();
const NOW = Date.parse('2026-05-01T03:15:00Z');
const event = (kind: EventKind, more: Partial<Parameters<typeof buildEvent>[1]> = {}) =>
  buildEvent(kind, { instances: ['ein-bbbbbbbb'], now: NOW, ...more }) as Record<string, unknown>;

describe('event shapes match the real payloads', () => {
  it('function-url: the API Gateway event without headerParameters, isBase64Encoded, pathParameters, queryStringParameters, requestContext; the client IP in x-scf-remote-addr', () => {
    const e = event('function-url');
    expect(keys(e)).toEqual(['body', 'headers', 'httpMethod', 'path', 'queryString']);
    const apigw = fixture('api-gateway/function-url.json');
    const removed = ['headerParameters', 'isBase64Encoded', 'pathParameters', 'queryStringParameters', 'requestContext'];
    expect(keys(e)).toEqual(keys(apigw).filter((k) => !removed.includes(k)));
    expect((e['headers'] as Record<string, string>)['x-scf-remote-addr']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(JSON.parse(String(e['body']))).toEqual({ instanceIds: ['ein-bbbbbbbb'], reason: 'function-url event from npx ecm-reset event' });
  });

  it('apigw: the fields of a captured API Gateway event', () => {
    const e = event('apigw');
    for (const k of keys(fixture('api-gateway/reset-lowercase-headers.json'))) expect(e).toHaveProperty(k);
    expect((e['requestContext'] as Record<string, unknown>)['sourceIp']).toBeDefined();
  });

  it('alarm: Cloud Monitor’s callback body, by id or (--uuid) by UUID, as the fixtures; recovered has alarmStatus 0', () => {
    expect(keys(event('alarm'))).toEqual(keys(fixture('alarm/recovered.json')));
    expect(keys(event('alarm', { uuid: '4ef19d31-3117-455c-ae8e-2029a07d8999' }))).toEqual(keys(fixture('alarm/ecm-uuid-firing.json')));
    const byUuid = event('alarm', { instances: ['ein-aaaaaaaa'], uuid: '4ef19d31-3117-455c-ae8e-2029a07d8999' });
    expect((byUuid['alarmObjInfo'] as { dimensions: unknown }).dimensions).toEqual({ UUID: '4ef19d31-3117-455c-ae8e-2029a07d8999' });
    expect(event('alarm')['alarmStatus']).toBe('1');
    expect(event('alarm-recovered')).toMatchObject({ alarmStatus: '0', recoverTime: '2026-05-01 03:15:00' });
    // Each alarm is a new session (Cloud Monitor's retries of one alarm share theirs).
    expect(event('alarm')['sessionId']).not.toBe(event('alarm')['sessionId']);
  });

  it('eventbridge-alarm, timer, ckafka, cmq: the keys of their fixtures', () => {
    expect(keys(event('eventbridge-alarm'))).toEqual(keys(fixture('eventbridge/alarm.json')));
    expect(keys(event('timer'))).toEqual(keys(fixture('timer/json-message.json')));
    expect(event('timer')['Time']).toBe('2026-05-01T03:15:00Z');
    expect(JSON.parse(String(event('fleet-timer', { instances: [] })['Message']))).toEqual({
      selector: 'tag:fleet=nightly',
      reason: 'nightly reinstall',
      keepData: true,
    });
    const ck = (event('ckafka')['Records'] as Record<string, unknown>[])[0];
    const ckFixture = (fixture('ckafka/two-records.json')['Records'] as Record<string, unknown>[])[0];
    expect(keys(ck?.['Ckafka'])).toEqual(keys(ckFixture?.['Ckafka']));
    const cmq = (event('cmq')['Records'] as Record<string, unknown>[])[0];
    const cmqFixture = (fixture('cmq/queue-two-records-one-bad.json')['Records'] as Record<string, unknown>[])[0];
    expect(keys(cmq?.['CMQ'])).toEqual(keys(cmqFixture?.['CMQ']));
  });

  it('slack: a slash command form through the function URL', () => {
    const e = event('slack', { instances: ['ein-aaaaaaaa', 'ein-bbbbbbbb'], reason: 'disk full' });
    const form = new URLSearchParams(String(e['body']));
    expect(form.get('command')).toBe('/reset');
    expect(form.get('text')).toBe('ein-aaaaaaaa ein-bbbbbbbb -- disk full');
    expect(form.get('user_id')).toBe('U2CERLKJA');
    expect(e['path']).toBe('/slack');
  });

  it('invoke: the request itself; --selector instead of ids', () => {
    expect(event('invoke', { selector: 'tag:env=staging', reason: 'r' })).toEqual({ selector: 'tag:env=staging', reason: 'r' });
  });
});

describe('the function reads each kind as its trigger', () => {
  const expected: Record<EventKind, string> = {
    'function-url': 'http',
    apigw: 'http',
    slack: 'http',
    alarm: 'single',
    'alarm-recovered': 'single',
    'eventbridge-alarm': 'single',
    timer: 'single',
    'fleet-timer': 'single',
    ckafka: 'records',
    cmq: 'records',
    invoke: 'single',
  };
  for (const kind of EVENT_KINDS) {
    it(kind, () => {
      const detected = detectTrigger(event(kind, kind === 'fleet-timer' ? { instances: [] } : {}), {}, { now: NOW });
      if (isAppError(detected)) throw detected;
      expect(detected.kind).toBe(expected[kind]);
      if (detected.kind === 'single')
        expect(detected.intent.trigger.kind).toBe(
          kind === 'invoke' ? 'invoke' : kind === 'eventbridge-alarm' ? 'eventbridge' : kind.startsWith('alarm') ? 'alarm' : 'timer',
        );
    });
  }
});

describe('options that do not fit the kind', () => {
  it.each([
    ['alarm', { instances: ['ein-aaaaaaaa', 'ein-bbbbbbbb'] }, 'an alarm names one instance'],
    ['alarm', { instances: [], reason: 'x' }, 'an alarm carries no selector or reason'],
    ['timer', { instances: [], uuid: 'x' }, '--uuid is for alarm'],
    ['fleet-timer', { instances: ['ein-aaaaaaaa'] }, 'a fleet timer resets by tag'],
    ['slack', { instances: [], selector: 'tag:a=b' }, 'a Slack command names instances'],
  ] as const)('%s %j', (kind, more, message) => {
    expect(() => buildEvent(kind, { now: NOW, ...more })).toThrow(message);
  });
});
