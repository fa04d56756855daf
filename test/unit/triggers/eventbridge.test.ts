import { describe, expect, it } from 'vitest';
import type { Intent, RequestIntent } from '../../../lib/function/request/intent';
import { fromEventBridgeBatch, fromEventBridgeEvent, isCloudEvent, isEventBridgeBatch } from '../../../lib/function/triggers/eventbridge';
import { loadEvent, loadObject } from '../../support/fixtures';

function intent(event: unknown): Intent {
  if (!isCloudEvent(event)) throw new Error('fixture is not a CloudEvent');
  return fromEventBridgeEvent(event);
}

function request(event: unknown): RequestIntent {
  const i = intent(event);
  if (i.type !== 'request') throw new Error(`expected a request, got ${i.type}`);
  return i;
}

describe('fromEventBridgeEvent', () => {
  it('maps a Cloud Monitor ErrorEvent naming an ECM instance to a firing alarm of trigger eventbridge', () => {
    expect(intent(loadEvent('eventbridge', 'alarm'))).toEqual({
      type: 'alarm',
      trigger: { kind: 'eventbridge', id: '13a3f42d-7258-4ada-da6d-023a333b4662' },
      identity: 'eventbridge:13a3f42d-7258-4ada-da6d-023a333b4662',
      firing: true,
      target: { instanceId: 'ein-aaaaaaaa' },
      summary: 'event ecm:ErrorEvent:ping_unreachable',
    });
  });

  it('reads the instance from subject when data does not name it', () => {
    const event = loadObject('eventbridge', 'alarm');
    event['data'] = {};
    expect(intent(event)).toMatchObject({ type: 'alarm', target: { instanceId: 'ein-aaaaaaaa' } });
  });

  it('reads a UUID in data.dimensions', () => {
    const event = loadObject('eventbridge', 'alarm');
    event['subject'] = 'qcs::ecm:ap-guangzhou';
    event['data'] = { dimensions: { UUID: '4ef19d31-3117-455c-ae8e-2029a07d8999' } };
    expect(intent(event)).toMatchObject({ type: 'alarm', target: { uuid: '4ef19d31-3117-455c-ae8e-2029a07d8999' } });
  });

  it('reads a numeric status 0 and a string time as a recovery', () => {
    expect(intent(loadEvent('eventbridge', 'alarm-recovered-numeric-status'))).toMatchObject({ type: 'alarm', firing: false });
  });

  it('accepts time as a number or a string', () => {
    const asNumber = loadObject('eventbridge', 'alarm');
    const asString = loadObject('eventbridge', 'alarm');
    asString['time'] = '1615430559146';
    expect(isCloudEvent(asNumber) && isCloudEvent(asString)).toBe(true);
    expect(intent(asString)).toEqual(intent(asNumber));
  });

  it('rejects the documented CVM alarm alone, as a request with a payloadError', () => {
    const i = request(loadEvent('eventbridge', 'cvm-alarm'));
    expect(i.trigger).toEqual({ kind: 'eventbridge', id: '13a3f42d-7258-4ada-da6d-023a333b4662' });
    expect(i.payloadError).toMatch(/CVM instance ins-sjdksjk/);
  });

  it('rejects an alarm event without a clear status rather than resetting on it', () => {
    const event = loadObject('eventbridge', 'alarm');
    delete event['status'];
    expect(request(event).payloadError).toMatch(/expected 1 \(firing\) or 0/);
  });

  it('maps the HTTP callback rendering in data to an alarm with the CloudEvent identity', () => {
    expect(intent(loadEvent('eventbridge', 'http-callback-data'))).toEqual({
      type: 'alarm',
      trigger: { kind: 'eventbridge', id: '7c2d9e4f-0a1b-4c3d-8e5f-6a7b8c9d0e1f' },
      identity: 'eventbridge:7c2d9e4f-0a1b-4c3d-8e5f-6a7b8c9d0e1f',
      firing: true,
      target: { uuid: '4ef19d31-3117-455c-ae8e-2029a07d8999' },
      summary: 'alarm policy xxxx: guest_reboot',
    });
  });

  it('reads a request in data despite the subjuect typo and a string time', () => {
    expect(request(loadEvent('eventbridge', 'subjuect-typo-request'))).toEqual({
      type: 'request',
      trigger: { kind: 'eventbridge', id: '13a3f42d-7258-4ada-da6d-023a33000001' },
      identity: 'eventbridge:13a3f42d-7258-4ada-da6d-023a33000001',
      payload: { instanceIds: ['ein-aaaaaaaa'], reason: 'eventbridge reinstall' },
      defaults: { requestedBy: 'eventbridge:apigw.cloud.tencent' },
    });
  });

  it('reads the request in a TDMQ connector msgBody (specversion "0")', () => {
    const i = request(loadEvent('eventbridge', 'tdmq-connector'));
    expect(i.payload).toEqual({ instanceIds: ['ein-aaaaaaaa'], reason: 'queue reinstall' });
    expect(i.payloadError).toBeUndefined();
  });

  it('turns the documented TDMQ msgBody, which is not JSON, into a payloadError', () => {
    expect(request(loadEvent('eventbridge', 'tdmq-connector-doc-sample')).payloadError).toMatch(/data.msgBody is not JSON/);
  });

  it('parses data sent as JSON text', () => {
    const event = loadObject('eventbridge', 'subjuect-typo-request');
    event['data'] = JSON.stringify(event['data']);
    expect(request(event).payload).toEqual({ instanceIds: ['ein-aaaaaaaa'], reason: 'eventbridge reinstall' });
  });

  it('rejects an event without data', () => {
    const event = loadObject('eventbridge', 'subjuect-typo-request');
    delete event['data'];
    expect(request(event).payloadError).toMatch(/no data/);
  });

  it('keeps the identity for the same event and changes it for another id', () => {
    const other = loadObject('eventbridge', 'tdmq-connector');
    other['id'] = 'another-id';
    expect(intent(loadEvent('eventbridge', 'tdmq-connector')).identity).toBe(intent(loadEvent('eventbridge', 'tdmq-connector')).identity);
    expect(intent(other).identity).not.toBe(intent(loadEvent('eventbridge', 'tdmq-connector')).identity);
  });
});

describe('fromEventBridgeBatch', () => {
  it('maps each event of an EventList on its own, a bad one failing alone', () => {
    const batch = loadEvent('eventbridge', 'batch-eventlist');
    if (!isEventBridgeBatch(batch)) throw new Error('fixture is not a batch');
    const [req, alarm, bad, ...rest] = fromEventBridgeBatch(batch);
    expect(rest).toEqual([]);
    expect(req).toMatchObject({ type: 'request', identity: 'eventbridge:13a3f42d-7258-4ada-da6d-023a33000011', payload: { instanceIds: ['ein-aaaaaaaa'] } });
    expect(req).not.toHaveProperty('payloadError');
    expect(alarm).toMatchObject({ type: 'alarm', firing: true, target: { instanceId: 'ein-aaaaaaaa' } });
    expect(bad).toMatchObject({ type: 'request', identity: 'eventbridge:13a3f42d-7258-4ada-da6d-023a33000012' });
    expect(bad).toHaveProperty('payloadError');
  });

  it('rejects an element that is not a CloudEvent without sinking the others', () => {
    const batch = { EventList: [loadEvent('eventbridge', 'tdmq-connector'), { id: 'x-1', hello: 'world' }, 'text'] };
    const [ok, noEnvelope, notObject] = fromEventBridgeBatch(batch);
    expect(ok).not.toHaveProperty('payloadError');
    expect(noEnvelope).toMatchObject({ trigger: { kind: 'eventbridge', id: 'x-1' }, identity: 'eventbridge:x-1' });
    expect((noEnvelope as RequestIntent).payloadError).toMatch(/EventList.1 is not a CloudEvent/);
    expect(notObject).toMatchObject({ trigger: { kind: 'eventbridge', id: null }, identity: 'eventbridge:EventList.2' });
  });
});
