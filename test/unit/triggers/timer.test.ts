import { describe, expect, it } from 'vitest';
import { fromTimerEvent, isTimerEvent } from '../../../lib/function/triggers/timer';
import { loadEvent, loadObject } from '../../support/fixtures';

function intent(event: unknown) {
  if (!isTimerEvent(event)) throw new Error('fixture is not a timer event');
  return fromTimerEvent(event);
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

  it('does not take an event of another Type for a timer event', () => {
    const event = loadObject('timer', 'json-message');
    event['Type'] = 'Cron';
    expect(isTimerEvent(event)).toBe(false);
  });
});
