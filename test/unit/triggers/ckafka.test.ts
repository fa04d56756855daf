import { describe, expect, it } from 'vitest';
import { fromCkafkaEvent, isCkafkaEvent } from '../../../lib/function/triggers/ckafka';
import { loadEvent, loadObject } from '../../support/fixtures';

function intents(event: unknown) {
  if (!isCkafkaEvent(event)) throw new Error('fixture is not a CKafka event');
  return fromCkafkaEvent(event);
}

describe('fromCkafkaEvent', () => {
  it('maps each record to a request intent addressed by topic, partition and offset', () => {
    expect(intents(loadEvent('ckafka', 'two-records'))).toEqual([
      {
        type: 'request',
        trigger: { kind: 'ckafka', id: 'ecm-reset:1:36' },
        identity: 'ckafka:ecm-reset:1:36',
        payload: { instanceIds: ['ein-aaaaaaaa'], reason: 'queue reinstall' },
        defaults: { requestedBy: 'ckafka:ecm-reset' },
      },
      {
        type: 'request',
        trigger: { kind: 'ckafka', id: 'ecm-reset:1:37' },
        identity: 'ckafka:ecm-reset:1:37',
        payload: { instanceIds: ['ein-bbbbbbbb'], reason: 'queue reinstall', keepData: true },
        defaults: { requestedBy: 'ckafka:ecm-reset' },
      },
    ]);
  });

  it('turns the documented bodies, which are not JSON, into payloadErrors', () => {
    const all = intents(loadEvent('ckafka', 'doc-sample'));
    expect(all).toHaveLength(2);
    for (const i of all) expect(i.payloadError).toMatch(/msgBody is not JSON/);
  });

  it('rejects a bad record alone and keeps the good one', () => {
    const event = loadObject('ckafka', 'two-records');
    const records = event['Records'] as { Ckafka: Record<string, unknown> }[];
    const second = records[1];
    if (second === undefined) throw new Error('fixture has two records');
    second.Ckafka['offset'] = 'not-a-number';
    const [good, bad] = intents(event);
    expect(good).not.toHaveProperty('payloadError');
    expect(bad).toMatchObject({ identity: 'ckafka:unknown:Records.1', trigger: { kind: 'ckafka', id: null } });
    expect(bad?.payloadError).toMatch(/Records.1 is not a CKafka message: offset/);
  });

  it('accepts partition and offset quoted as digits with the same identity', () => {
    const quoted = loadObject('ckafka', 'two-records');
    const first = (quoted['Records'] as { Ckafka: Record<string, unknown> }[])[0];
    if (first === undefined) throw new Error('fixture has records');
    first.Ckafka['partition'] = '1';
    first.Ckafka['offset'] = '36';
    expect(intents(quoted)[0]?.identity).toBe(intents(loadEvent('ckafka', 'two-records'))[0]?.identity);
  });

  it('keeps identities stable across deliveries and distinct between records', () => {
    const [a, b] = intents(loadEvent('ckafka', 'two-records'));
    const [a2] = intents(loadEvent('ckafka', 'two-records'));
    expect(a2?.identity).toBe(a?.identity);
    expect(b?.identity).not.toBe(a?.identity);
  });
});
