import { describe, expect, it } from 'vitest';
import { fromInvokeEvent, isInvokeEvent } from '../../../lib/function/triggers/invoke';
import type { ScfContext } from '../../../lib/function/triggers/scf-context';
import { loadEvent } from '../../support/fixtures';

const CONTEXT: ScfContext = { request_id: 'f03dc946-3df4-45a0-8e54-000000000001', function_name: 'ecm-reset' };

function intent(event: unknown, context: ScfContext = CONTEXT) {
  if (!isInvokeEvent(event)) throw new Error('not a plain object');
  return fromInvokeEvent(event, context);
}

describe('fromInvokeEvent', () => {
  it('takes the event itself as the request, identified by the SCF request id', () => {
    expect(intent(loadEvent('invoke', 'request'))).toEqual({
      type: 'request',
      trigger: { kind: 'invoke', id: 'f03dc946-3df4-45a0-8e54-000000000001' },
      identity: 'invoke:f03dc946-3df4-45a0-8e54-000000000001',
      payload: loadEvent('invoke', 'request'),
      defaults: {},
    });
  });

  it('identifies the request by its idempotencyKey when it has one', () => {
    const a = intent(loadEvent('invoke', 'request-idempotency-key'));
    const b = intent(loadEvent('invoke', 'request-idempotency-key'), { request_id: 'another-invocation' });
    expect(a.identity).toMatch(/^invoke:key:incident-4711:[0-9a-f]{32}$/);
    expect(b.identity).toBe(a.identity);
  });

  it('the same key on a different request is a different identity; key order in the body does not matter', () => {
    const event = loadEvent('invoke', 'request-idempotency-key') as Record<string, unknown>;
    const a = intent(event);
    expect(intent({ ...event, instanceIds: ['ein-bbbbbbbb'] }).identity).not.toBe(a.identity);
    expect(intent({ ...event, keepData: !(event['keepData'] ?? true) }).identity).not.toBe(a.identity);
    const reversed = Object.fromEntries(Object.entries(event).reverse());
    expect(intent(reversed).identity).toBe(a.identity);
  });

  it('gives different invocations different identities', () => {
    expect(intent(loadEvent('invoke', 'request')).identity).not.toBe(intent(loadEvent('invoke', 'request'), { request_id: 'other' }).identity);
  });

  it('derives a stable identity from the content when the context has no request id', () => {
    const a = intent(loadEvent('invoke', 'request'), {});
    expect(a.identity).toMatch(/^invoke:sha256:[0-9a-f]{32}$/);
    expect(intent(loadEvent('invoke', 'request'), {}).identity).toBe(a.identity);
    expect(a.trigger.id).toBeNull();
  });

  it('accepts only plain objects', () => {
    expect(isInvokeEvent({})).toBe(true);
    expect(isInvokeEvent(Object.create(null))).toBe(true);
    for (const e of [null, [], 'text', 42, new Date()]) expect(isInvokeEvent(e)).toBe(false);
  });
});
