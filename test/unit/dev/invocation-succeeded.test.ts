import { describe, expect, it } from 'vitest';
import { invocationSucceeded } from '../../../lib/tools/dev/invoke';

const http = (statusCode: number, body: unknown) => ({ isBase64Encoded: false, statusCode, headers: {}, body: JSON.stringify(body) });

describe("invoke's exit code: invocationSucceeded", () => {
  it.each([
    ['a 2xx answer', http(202, { type: 'reset.accepted' }), true],
    ['a 4xx answer', http(403, { error: {} }), false],
    ['a 5xx answer', http(502, { error: {} }), false],
    [
      'an alarm answered retCode 0 and refused',
      http(200, { sessionId: 's', retCode: 0, outcome: { id: 'rst-1', type: 'reset.rejected', code: 'Guard.NotAllowed' } }),
      false,
    ],
    ['an alarm answered retCode 0 and accepted', http(200, { sessionId: 's', retCode: 0, outcome: { id: 'rst-1', type: 'reset.accepted', code: null } }), true],
    ['an ignored recovery alarm', { id: null, type: 'ignored', status: 200, results: [] }, true],
    ['accepted', { type: 'reset.accepted' }, true],
    ['partial', { type: 'reset.partial' }, true],
    ['dry run', { type: 'reset.dry-run' }, true],
    ['a duplicate', { type: 'duplicate' }, true],
    ['rejected', { type: 'reset.rejected' }, false],
    ['failed', { type: 'reset.failed' }, false],
    ['a batch all accepted', { records: [{ type: 'reset.accepted' }, { type: 'duplicate' }] }, true],
    ['a batch with a refused record', { records: [{ type: 'reset.accepted' }, { type: 'reset.rejected' }] }, false],
    ['a thrown error', { errorMessage: 'Config.Invalid: invalid configuration' }, false],
    ['a completion sweep', { type: 'completion.sweep', completed: [], stillRunning: 0, deferred: [] }, true],
  ])('%s', (_, response, ok) => {
    expect(invocationSucceeded(response)).toBe(ok);
  });

  it('a 200 Slack reply whose published message is a refusal is a failure', () => {
    expect(invocationSucceeded(http(200, { text: 'Sorry' }), [{ type: 'reset.rejected' }])).toBe(false);
    expect(invocationSucceeded(http(200, { text: 'On it' }), [{ type: 'reset.accepted' }])).toBe(true);
  });
});
