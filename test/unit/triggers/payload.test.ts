import { describe, expect, it } from 'vitest';
import { jsonPayload, rejectedRecord, requestIntent } from '../../../lib/function/triggers/payload';

describe('jsonPayload', () => {
  it('parses JSON text', () => {
    expect(jsonPayload('{"reason":"x"}', 'msgBody')).toEqual({ payload: { reason: 'x' } });
  });

  it('explains a carrier that is not a string, empty, or not JSON, naming the carrier', () => {
    expect(jsonPayload({ reason: 'x' }, 'msgBody')).toEqual({ payload: null, payloadError: 'msgBody must be a string holding a JSON request' });
    expect(jsonPayload('  ', 'the timer Message').payloadError).toBe('the timer Message is empty: expected a JSON request');
    expect(jsonPayload('{"reason":', 'msgBody').payloadError).toMatch(/^msgBody is not JSON \(/);
  });
});

describe('requestIntent', () => {
  it('leaves payloadError out when the payload parsed', () => {
    expect(requestIntent({ kind: 'cmq', id: '1' }, 'cmq:q:1', { payload: {} })).not.toHaveProperty('payloadError');
  });

  it('builds a rejection that carries no payload', () => {
    expect(rejectedRecord({ kind: 'cmq', id: null }, 'cmq:unknown:Records.0', 'bad')).toEqual({
      type: 'request',
      trigger: { kind: 'cmq', id: null },
      identity: 'cmq:unknown:Records.0',
      payload: null,
      payloadError: 'bad',
      defaults: {},
    });
  });
});
