/**
 * Real-shaped events for every trigger, as SCF hands them to the function, built from the
 * documented samples (the fixtures under test/fixtures/events/ are captures of the same shapes;
 * test/unit/dev/event-kinds.test.ts holds them side by side): `npx ecm-reset event KIND`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { FUNCTION_URL_HOST, type RawRequest, toApiGatewayEvent, toFunctionUrlEvent } from '../http-events';

export const EVENT_KINDS = [
  'function-url',
  'apigw',
  'slack',
  'alarm',
  'alarm-recovered',
  'eventbridge-alarm',
  'timer',
  'fleet-timer',
  'ckafka',
  'cmq',
  'invoke',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const HTTP_KINDS: readonly EventKind[] = ['function-url', 'apigw', 'slack'];
const ALARM_KINDS: readonly EventKind[] = ['alarm', 'alarm-recovered', 'eventbridge-alarm'];

export interface EventInput {
  instances: readonly string[];
  selector?: string | undefined;
  reason?: string | undefined;
  /** For alarms: name the instance by its ECM UUID (as ECM's metrics do) instead of its id. */
  uuid?: string | undefined;
  /** The Slack user and channel of a slash command (the demo policy's by default). */
  slack?: { user: string; channel: string };
  now: number;
}

export class EventInputError extends Error {}

/** The POST /reset body (and queue message, timer Message, direct invoke event) the options describe. */
export function resetRequest(kind: EventKind, input: EventInput): Record<string, unknown> {
  const reason = input.reason ?? `${kind} event from npx ecm-reset event`;
  if (input.selector !== undefined) return { selector: input.selector, reason };
  return { instanceIds: input.instances.length > 0 ? [...input.instances] : ['ein-aaaaaaaa'], reason };
}

const secondsIso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Cloud Monitor writes times as `2024-05-01 03:10:00` (UTC+8 in the console; the doc does not say). */
const monitorTime = (ms: number): string => secondsIso(ms).replace('T', ' ').replace('Z', '');

function httpRequest(path: string, body: string, contentType: string, host: string): RawRequest {
  return {
    method: 'POST',
    url: path,
    headers: { accept: '*/*', 'content-length': String(Buffer.byteLength(body)), 'content-type': contentType, host, 'user-agent': 'curl/8.5.0' },
    body: Buffer.from(body),
    sourceIp: '203.0.113.7',
  };
}

/** The Cloud Monitor alarm callback body (doc 248/9066), as its SCF-target callback delivers it. */
function alarmCallback(input: EventInput, firing: boolean): Record<string, unknown> {
  const id = input.instances[0] ?? 'ein-aaaaaaaa';
  const byUuid = input.uuid !== undefined;
  const first = input.now - 5 * 60_000;
  return {
    sessionId: `ecm-${randomBytes(9).toString('base64url')}`,
    alarmStatus: firing ? '1' : '0',
    alarmType: byUuid ? 'metric' : 'event',
    alarmObjInfo: {
      region: 'gz',
      namespace: 'qce/ecm',
      appId: '1250000000',
      uin: '100000000001',
      dimensions: byUuid ? { UUID: input.uuid } : { unInstanceId: id },
    },
    alarmPolicyInfo: byUuid
      ? {
          policyId: 'policy-n4exeh88',
          policyName: 'ecm-cpu-stuck',
          conditions: {
            metricName: 'CpuUsage',
            metricShowName: 'CPU utilization',
            calcType: '>',
            calcValue: '95',
            calcUnit: '%',
            currentValue: '100',
            historyValue: '99',
            unit: '%',
            period: '60',
            periodNum: '5',
            alarmNotifyType: 'continuousAlarm',
            alarmNotifyPeriod: 300,
          },
        }
      : {
          policyId: 'policy-n4exeh88',
          policyName: 'ecm-ping',
          conditions: {
            productName: 'ecm',
            productShowName: 'ECM',
            eventName: 'ping_unreachable',
            eventShowName: 'ping unreachable',
            alarmNotifyType: 'singleAlarm',
            alarmNotifyPeriod: '0',
          },
        },
    firstOccurTime: monitorTime(first),
    durationTime: 300,
    recoverTime: firing ? '0' : monitorTime(input.now),
  };
}

const requestBody = (kind: EventKind, input: EventInput) => JSON.stringify(resetRequest(kind, input));

/** Checks the options against the kind (a usage error names what does not fit). */
function check(kind: EventKind, input: EventInput): void {
  if (input.uuid !== undefined && !ALARM_KINDS.slice(0, 2).includes(kind)) throw new EventInputError('--uuid is for alarm and alarm-recovered');
  if (ALARM_KINDS.includes(kind)) {
    if (input.instances.length > 1) throw new EventInputError(`an alarm names one instance: give --instance once (got ${input.instances.length})`);
    if (input.selector !== undefined || input.reason !== undefined)
      throw new EventInputError('an alarm carries no selector or reason: its instance is the request');
  }
  if (kind === 'fleet-timer' && input.instances.length > 0) throw new EventInputError('a fleet timer resets by tag: use --selector tag:K=V, not --instance');
  if (kind === 'slack' && input.selector !== undefined) throw new EventInputError('a Slack command names instances: use --instance, not --selector');
}

/** The event of `kind` for `input`. */
export function buildEvent(kind: EventKind, input: EventInput): unknown {
  check(kind, input);
  switch (kind) {
    case 'function-url':
      return toFunctionUrlEvent(httpRequest('/reset', requestBody(kind, input), 'application/json', FUNCTION_URL_HOST), randomUUID());
    case 'apigw':
      return toApiGatewayEvent(
        httpRequest('/reset', requestBody(kind, input), 'application/json', 'service-ecmreset-1250000000.gz.apigw.tencentcs.com'),
        randomBytes(16).toString('hex'),
      );
    case 'slack': {
      const ids = input.instances.length > 0 ? input.instances : ['ein-aaaaaaaa'];
      const form = new URLSearchParams({
        token: 'gIkuvaNzQIHg97ATvDxqgjtO',
        team_id: 'T0001',
        team_domain: 'example',
        channel_id: input.slack?.channel ?? 'G8PSS9T3V',
        channel_name: 'ops',
        user_id: input.slack?.user ?? 'U2CERLKJA',
        user_name: 'demo',
        command: '/reset',
        text: `${ids.join(' ')} -- ${input.reason ?? 'slack event from npx ecm-reset event'}`,
        response_url: 'https://hooks.slack.com/commands/T0001/1234567890/AbCdEfGhIjKlMnOpQrStUvWx',
        trigger_id: `${Math.floor(input.now / 1000)}.${randomBytes(4).readUInt32BE()}.${randomBytes(8).toString('hex')}`,
      }).toString();
      return toFunctionUrlEvent(httpRequest('/slack', form, 'application/x-www-form-urlencoded', FUNCTION_URL_HOST), randomUUID());
    }
    case 'alarm':
      return alarmCallback(input, true);
    case 'alarm-recovered':
      return alarmCallback(input, false);
    case 'eventbridge-alarm': {
      const id = input.instances[0] ?? 'ein-aaaaaaaa';
      return {
        specversion: '1.0',
        id: randomUUID(),
        source: 'ecm.cloud.tencent',
        type: 'ecm:ErrorEvent:ping_unreachable',
        subject: id,
        time: input.now,
        region: 'ap-guangzhou',
        resource: ['qcs::eb:ap-guangzhou:uid1250000000:eventbusid/eventruleid'],
        datacontenttype: 'application/json;charset=utf-8',
        tags: {},
        status: '1',
        data: { appId: '1250000000', instanceId: id, projectId: '0', dimensions: { ip: '10.0.0.12' }, additionalMsg: { IP: 'ping unreachable' } },
      };
    }
    case 'timer':
      return { Type: 'Timer', TriggerName: 'reset-timer', Time: secondsIso(input.now), Message: requestBody(kind, input) };
    case 'fleet-timer':
      return {
        Type: 'Timer',
        TriggerName: 'nightly-fleet',
        Time: secondsIso(input.now),
        Message: JSON.stringify({ selector: input.selector ?? 'tag:fleet=nightly', reason: input.reason ?? 'nightly reinstall', keepData: true }),
      };
    case 'ckafka':
      return {
        Records: [
          { Ckafka: { topic: 'ecm-reset', partition: 0, offset: Math.floor(input.now / 1000) % 100_000, msgKey: 'None', msgBody: requestBody(kind, input) } },
        ],
      };
    case 'cmq':
      return {
        Records: [
          {
            CMQ: {
              type: 'queue',
              topicOwner: 1250000000,
              queueName: 'ecm-reset-requests',
              publishTime: new Date(input.now).toISOString(),
              msgId: String(BigInt(input.now) * 1000n + BigInt(randomBytes(1)[0] ?? 0)),
              requestId: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
              msgBody: requestBody(kind, input),
              msgTag: 'reset',
            },
          },
        ],
      };
    case 'invoke':
      return resetRequest(kind, input);
  }
}
