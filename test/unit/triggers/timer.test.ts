import { describe, expect, it } from 'vitest';
import { fromTimerEvent, isTimerEvent, type TimerOptions } from '../../../lib/function/triggers/timer';
import { loadEvent, loadObject } from '../../support/fixtures';

/** Half a minute after the json-message fixture's Time: that Time is the firing's. */
const FIRED = { now: Date.parse('2024-05-02T18:00:30Z') };

function intent(event: unknown, options: TimerOptions = FIRED) {
  if (!isTimerEvent(event)) throw new Error('fixture is not a timer event');
  return fromTimerEvent(event, options);
}

describe('fromTimerEvent', () => {
  it('maps a JSON Message to a request intent with the trigger name as default reason', () => {
    expect(intent(loadEvent('timer', 'json-message'))).toEqual({
      type: 'request',
      trigger: { kind: 'timer', id: 'nightly' },
      identity: 'timer:nightly:2024-05-02T18:00:00Z',
      payload: { instanceIds: ['ein-aaaaaaaa'], reason: 'nightly' },
      defaults: { reason: 'nightly', requestedBy: 'timer:nightly' },
    });
  });

  it('passes a selector Message through unchanged', () => {
    const i = intent(loadEvent('timer', 'selector-message'));
    expect(i.payload).toEqual({ selector: 'tag:fleet=nightly', reason: 'nightly reinstall' });
    expect(i.payloadError).toBeUndefined();
  });

  it('accepts Type "timer" in lower case (Serverless Framework docs)', () => {
    const i = intent(loadEvent('timer', 'lowercase-type'));
    expect(i.trigger).toEqual({ kind: 'timer', id: 'weekly' });
    expect(i.defaults.reason).toBe('weekly');
  });

  it('turns a Message that is not JSON into a payloadError instead of throwing', () => {
    const i = intent(loadEvent('timer', 'not-json-message'));
    expect(i.payload).toBeNull();
    expect(i.payloadError).toMatch(/not JSON/);
  });

  it('turns the documented sample Message into a payloadError', () => {
    expect(intent(loadEvent('timer', 'doc-sample')).payloadError).toMatch(/Message is not JSON/);
  });

  it('turns an empty or missing Message into a payloadError', () => {
    expect(intent(loadEvent('timer', 'empty-message')).payloadError).toMatch(/empty/);
    const event = loadObject('timer', 'empty-message');
    delete event['Message'];
    expect(intent(event).payloadError).toMatch(/empty/);
  });

  it('keeps the identity for the same firing and changes it for the next one', () => {
    const a = intent(loadEvent('timer', 'json-message'));
    const b = intent(loadEvent('timer', 'json-message'));
    const next = loadObject('timer', 'json-message');
    next['Time'] = '2024-05-03T18:00:00Z';
    expect(a.identity).toBe(b.identity);
    expect(intent(next).identity).not.toBe(a.identity);
  });

  it('a redelivery of the same firing with a new SCF request id is the same firing: Time is a firing time', () => {
    const first = intent(loadEvent('timer', 'json-message'), { ...FIRED, requestId: 'scf-1' });
    const redelivered = intent(loadEvent('timer', 'json-message'), { now: FIRED.now + 90_000, requestId: 'scf-2' });
    expect(first.identity).toBe('timer:nightly:2024-05-02T18:00:00Z');
    expect(redelivered.identity).toBe(first.identity);
  });

  it('takes a Time within 24 h either side of the clock for a firing time, and says nothing', () => {
    const warnings: unknown[] = [];
    const warn = (event: string, fields: Record<string, unknown>) => warnings.push({ event, fields });
    for (const now of [Date.parse('2024-05-03T17:59:59Z'), Date.parse('2024-05-01T18:00:01Z')]) {
      expect(intent(loadEvent('timer', 'json-message'), { now, requestId: 'scf-1', warn }).identity).toBe('timer:nightly:2024-05-02T18:00:00Z');
    }
    expect(warnings).toEqual([]);
  });

  it('adds the SCF request id when Time is not a firing time (e.g. the trigger creation time), and warns', () => {
    const warnings: { event: string; fields: Record<string, unknown> }[] = [];
    const warn = (event: string, fields: Record<string, unknown>) => warnings.push({ event, fields });
    const now = Date.parse('2024-05-04T18:00:00Z');
    const a = intent(loadEvent('timer', 'json-message'), { now, requestId: 'scf-1', warn });
    const b = intent(loadEvent('timer', 'json-message'), { now: now + 86_400_000, requestId: 'scf-2', warn });
    expect(a.identity).toBe('timer:nightly:2024-05-02T18:00:00Z:scf-1');
    expect(b.identity).toBe('timer:nightly:2024-05-02T18:00:00Z:scf-2');
    expect(warnings[0]).toEqual({ event: 'timer.time-not-firing', fields: expect.objectContaining({ trigger: 'nightly', time: '2024-05-02T18:00:00Z' }) });
  });

  it('falls back the same way for a Time that is not a time at all', () => {
    const event = loadObject('timer', 'json-message');
    event['Time'] = 'yesterday';
    expect(intent(event, { ...FIRED, requestId: 'scf-1' }).identity).toBe('timer:nightly:yesterday:scf-1');
    expect(intent(event, FIRED).identity).toBe('timer:nightly:yesterday');
  });

  it('does not take an event of another Type for a timer event', () => {
    const event = loadObject('timer', 'json-message');
    event['Type'] = 'Cron';
    expect(isTimerEvent(event)).toBe(false);
  });
});
