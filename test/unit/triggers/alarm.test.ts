import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/function/kernel/errors';
import type { AlarmIntent, TriggerRef } from '../../../lib/function/request/intent';
import { alarmTarget, parseAlarmCallback } from '../../../lib/function/triggers/alarm';
import { loadEvent, loadObject } from '../../support/fixtures';

const HTTP: TriggerRef = { kind: 'alarm', id: null };
const UUID = '4ef19d31-3117-455c-ae8e-2029a07d8999';

function alarm(body: unknown, trigger: TriggerRef = HTTP): AlarmIntent {
  const result = parseAlarmCallback(body, trigger);
  if (result instanceof AppError) throw result;
  return result;
}

function failure(body: unknown): AppError {
  const result = parseAlarmCallback(body, HTTP);
  if (!(result instanceof AppError)) throw new Error('expected an error');
  return result;
}

describe('parseAlarmCallback', () => {
  it('maps a firing ECM alarm keyed by UUID to an alarm intent', () => {
    expect(alarm(loadEvent('alarm', 'ecm-uuid-firing'))).toEqual({
      type: 'alarm',
      trigger: { kind: 'alarm', id: 'ecm-7Zq2hY1pWc9xK3' },
      identity: 'alarm:ecm-7Zq2hY1pWc9xK3:1:2024-05-01 03:10:00',
      firing: true,
      target: { uuid: UUID },
      summary: 'alarm policy ecm-cpu-stuck: CpuUsage',
    });
  });

  it('maps an alarm naming an ein- instance with a numeric alarmStatus 1', () => {
    const a = alarm(loadEvent('alarm', 'ecm-instance-firing-numeric-status'));
    expect(a.firing).toBe(true);
    expect(a.target).toEqual({ instanceId: 'ein-bbbbbbbb' });
    expect(a.summary).toBe('alarm policy ecm-ping: ping_unreachable');
  });

  it('reads a recovery as not firing, with its own identity', () => {
    const recovered = alarm(loadEvent('alarm', 'recovered'));
    expect(recovered.firing).toBe(false);
    expect(recovered.identity).not.toBe(alarm(loadEvent('alarm', 'ecm-uuid-firing')).identity);
  });

  it('reads a numeric alarmStatus 0 as a recovery', () => {
    const body = loadObject('alarm', 'recovered');
    body['alarmStatus'] = 0;
    expect(alarm(body).firing).toBe(false);
  });

  it('gives Cloud Monitor retries of one push the same identity, whether the status is a number or a string', () => {
    const asString = loadObject('alarm', 'ecm-uuid-firing');
    const asNumber = loadObject('alarm', 'ecm-uuid-firing');
    asNumber['alarmStatus'] = 1;
    expect(alarm(asString).identity).toBe(alarm(asNumber).identity);
    const other = loadObject('alarm', 'ecm-uuid-firing');
    other['sessionId'] = 'another-session';
    expect(alarm(other).identity).not.toBe(alarm(asString).identity);
  });

  it('accepts the callback body as raw JSON text', () => {
    const text = JSON.stringify(loadEvent('alarm', 'ecm-uuid-firing'));
    expect(alarm(text).target).toEqual({ uuid: UUID });
  });

  it('keeps the id of the trigger that delivered it', () => {
    expect(alarm(loadEvent('alarm', 'ecm-uuid-firing'), { kind: 'eventbridge', id: 'ev-1' }).trigger).toEqual({ kind: 'eventbridge', id: 'ev-1' });
  });

  it('refuses a CVM instance: it is not an ECM instance', () => {
    const e = failure(loadEvent('alarm', 'cvm-instance'));
    expect(e.code).toBe('Request.Invalid');
    expect(e.message).toMatch(/CVM instance ins-o9p3rg3m/);
  });

  it('refuses a CVM alarm even when its objId is a UUID', () => {
    expect(failure(loadEvent('alarm', 'cvm-instance-with-objid')).message).toMatch(/CVM instance ins-aoaaah55/);
  });

  it('refuses the real captured CVM event alarm', () => {
    expect(failure(loadEvent('alarm', 'cvm-event-recovered-real')).message).toMatch(/ins-7hw5sju6/);
  });

  it('quotes a dimension value or a namespace shortened, whatever its length', () => {
    const long = (prefix: string) => `${prefix}${'x'.repeat(40_000)}`;
    for (const dimensions of [{ InstanceId: long('ins-') }, { InstanceId: long('ein-') }]) {
      const body = loadObject('alarm', 'ecm-uuid-firing');
      body['alarmObjInfo'] = { namespace: 'qce/ecm', dimensions };
      const e = failure(body);
      expect(e.message).toMatch(/…\(40004 chars, sha256:[0-9a-f]{8}\)/);
      expect(e.message.length).toBeLessThan(400);
    }
    const body = loadObject('alarm', 'ecm-uuid-firing');
    body['alarmObjInfo'] = { namespace: long('qce/'), dimensions: { objId: UUID } };
    expect(failure(body).message.length).toBeLessThan(400);
  });

  it('refuses a UUID from a namespace that is not ECM', () => {
    const body = loadObject('alarm', 'ecm-uuid-firing');
    body['alarmObjInfo'] = { namespace: 'qce/cdb', dimensions: { objId: UUID } };
    expect(failure(body).message).toMatch(/qce\/cdb, not ECM/);
  });

  it('refuses an alarm that names no instance', () => {
    const body = loadObject('alarm', 'ecm-uuid-firing');
    body['alarmObjInfo'] = { namespace: 'qce/ecm', dimensions: {} };
    expect(failure(body).message).toMatch(/names no ECM instance/);
  });

  it('refuses an alarmStatus other than 0 or 1, naming the field', () => {
    const body = loadObject('alarm', 'ecm-uuid-firing');
    body['alarmStatus'] = '2';
    const e = failure(body);
    expect(e.issues).toEqual([{ path: 'alarmStatus', message: 'alarmStatus must be 1 (firing) or 0 (recovered)' }]);
  });

  it('returns an error for a body that is not JSON or not a callback, never throws', () => {
    expect(failure('not json').message).toMatch(/not JSON/);
    expect(failure(null).code).toBe('Request.Invalid');
    expect(failure({ hello: 'world' }).issues.map((i) => i.path)).toContain('sessionId');
  });
});

describe('alarmTarget', () => {
  it('keeps an ein- id and a UUID together, to be checked as one instance', () => {
    expect(alarmTarget([UUID, 'ein-aaaaaaaa'], 'qce/ecm')).toEqual({ instanceId: 'ein-aaaaaaaa', uuid: UUID.toLowerCase() });
    expect(alarmTarget(['ein-aaaaaaaa'], 'qce/ecm')).toEqual({ instanceId: 'ein-aaaaaaaa' });
  });

  it('refuses dimensions that name two different instances', () => {
    const r = alarmTarget(['ein-aaaaaaaa', 'ein-bbbbbbbb'], 'qce/ecm');
    expect(r instanceof AppError && r.message).toMatch(/name 2 different instances \(ein-aaaaaaaa, ein-bbbbbbbb\)/);
  });

  it('refuses an ein- value that is not a well-formed ECM id', () => {
    const r = alarmTarget(['ein-AAAA'], undefined);
    expect(r instanceof AppError && r.message).toMatch(/not an ECM instance id/);
  });

  it('accepts a UUID when the product is unknown or ECM in any case', () => {
    expect(alarmTarget([UUID], undefined)).toEqual({ uuid: UUID });
    expect(alarmTarget([UUID], 'QCE/ECM')).toEqual({ uuid: UUID });
  });
});
