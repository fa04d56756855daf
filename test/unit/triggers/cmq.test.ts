import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CmqMessageSchema, cmqTags, fromCmqEvent, isCmqEvent } from '../../../lib/function/triggers/cmq';
import { loadEvent, loadObject } from '../../support/fixtures';

function intents(event: unknown) {
  if (!isCmqEvent(event)) throw new Error('fixture is not a CMQ event');
  return fromCmqEvent(event);
}

function message(event: unknown) {
  const records = (event as { Records: { CMQ: unknown }[] }).Records;
  return v.parse(CmqMessageSchema, records[0]?.CMQ);
}

describe('fromCmqEvent', () => {
  it('maps a topic message with string tags and a string topicOwner to a request intent', () => {
    expect(intents(loadEvent('cmq', 'topic-string-tags'))).toEqual([
      {
        type: 'request',
        trigger: { kind: 'cmq', id: '123345346' },
        identity: 'cmq:ecm-reset-requests:123345346',
        payload: { instanceIds: ['ein-aaaaaaaa'], reason: 'queue reinstall' },
        defaults: { requestedBy: 'cmq:ecm-reset-requests' },
      },
    ]);
  });

  it('accepts array tags and a numeric topicOwner', () => {
    const [i] = intents(loadEvent('cmq', 'topic-array-tags-numeric-owner'));
    expect(i).toMatchObject({ identity: 'cmq:ecm-reset-requests:123345347', payload: { instanceIds: ['ein-bbbbbbbb'] } });
    expect(i).not.toHaveProperty('payloadError');
  });

  it("rejects the record of Tencent's Go lib fixture alone: its body is not JSON", () => {
    const [i] = intents(loadEvent('cmq', 'go-lib-comma-space-tags'));
    expect(i).toMatchObject({ identity: 'cmq:ritchiechen-cmq-test:13510798882111490', payload: null });
    expect(i?.payloadError).toMatch(/msgBody is not JSON/);
  });

  it('names queue messages by queueName, and a bad record fails alone', () => {
    const [good, bad, ...rest] = intents(loadEvent('cmq', 'queue-two-records-one-bad'));
    expect(rest).toEqual([]);
    expect(good).toMatchObject({ identity: 'cmq:ecm-reset-queue:281474976710657', payload: { instanceIds: ['ein-aaaaaaaa'] } });
    expect(good).not.toHaveProperty('payloadError');
    expect(bad).toMatchObject({ identity: 'cmq:ecm-reset-queue:281474976710658', trigger: { kind: 'cmq', id: '281474976710658' } });
    expect(bad?.payloadError).toMatch(/not JSON/);
  });

  it('rejects a record that is not a CMQ message without sinking the batch', () => {
    const event = loadObject('cmq', 'queue-two-records-one-bad');
    (event['Records'] as unknown[]).push({ CMQ: { type: 'queue', msgBody: '{}' } }, { other: true });
    const [, , noId, notCmq] = intents(event);
    expect(noId).toMatchObject({ identity: 'cmq:unknown:Records.2', trigger: { kind: 'cmq', id: null } });
    expect(noId?.payloadError).toMatch(/Records.2 is not a CMQ message: msgId/);
    expect(notCmq?.payloadError).toMatch(/Records.3 is not a CMQ message/);
  });

  it('keeps the identity for a redelivered message and changes it for another message', () => {
    const [a] = intents(loadEvent('cmq', 'topic-string-tags'));
    const [again] = intents(loadEvent('cmq', 'topic-string-tags'));
    const [other] = intents(loadEvent('cmq', 'topic-array-tags-numeric-owner'));
    expect(again?.identity).toBe(a?.identity);
    expect(other?.identity).not.toBe(a?.identity);
  });

  it('writes a numeric topicOwner back as digits', () => {
    expect(message(loadEvent('cmq', 'topic-array-tags-numeric-owner')).topicOwner).toBe('1200000');
    expect(message(loadEvent('cmq', 'topic-string-tags')).topicOwner).toBe('120xxxxx');
  });
});

describe('cmqTags', () => {
  it('splits "a,b", "a, b" and ["a","b"] alike', () => {
    expect(cmqTags(message(loadEvent('cmq', 'topic-string-tags')).msgTag)).toEqual(['tag1', 'tag2']);
    expect(cmqTags(message(loadEvent('cmq', 'topic-array-tags-numeric-owner')).msgTag)).toEqual(['tag1', 'tag2']);
    expect(cmqTags(message(loadEvent('cmq', 'go-lib-comma-space-tags')).msgTag)).toEqual(['aaaa', 'bbbbb', 'cccc']);
  });

  it('gives no tags for an empty or missing msgTag', () => {
    expect(cmqTags('')).toEqual([]);
    expect(cmqTags(undefined)).toEqual([]);
  });
});
