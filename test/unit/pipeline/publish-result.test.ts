import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/function/kernel/errors';
import { createLogger } from '../../../lib/function/kernel/logger';
import type { CloudCalls } from '../../../lib/function/ports/cloud-calls';
import { CloudCallError } from '../../../lib/function/ports/cloud-error';
import { buildMessage } from '../../../lib/function/result/build-message';
import { DEAD_LETTER_EVENT, fitMessage, MAX_MESSAGE_BYTES, messageBudget, publishResult, splitMessage } from '../../../lib/function/result/publish-result';
import { type ResultMessage, ResultMessageSchema } from '../../../lib/function/result/result-message';

const message = (n: number): ResultMessage =>
  buildMessage({
    type: 'reset.accepted',
    id: 'rst-0123456789abcdef01234567',
    time: new Date('2024-05-02T18:00:00Z'),
    trigger: { kind: 'timer', id: 'nightly' },
    request: null,
    results: Array.from({ length: n }, (_, i) => ({
      instanceId: `ein-${String(i).padStart(8, '0')}`,
      status: 'accepted' as const,
      code: 'Accepted',
      message: 'reinstall started',
      apiRequestId: `req-${i}`,
    })),
    functionRequestId: 'scf-1',
  });

/** A fake CloudCalls with only publish: fails from the `failFrom`-th call on. */
function topic(failFrom = Infinity): { cloud: CloudCalls; sent: string[] } {
  const sent: string[] = [];
  const cloud = {
    async publish(_t: string, content: string) {
      if (sent.length + 1 >= failFrom)
        throw new CloudCallError('tdmq', 'PublishCmqMsg', 'ambiguous', 'tdmq:PublishCmqMsg failed with HTTP 503', undefined, undefined, null);
      sent.push(content);
      return { msgId: `m${sent.length}`, apiRequestId: 'r' };
    },
  } as Partial<CloudCalls> as CloudCalls;
  return { cloud, sent };
}

describe('publishResult', () => {
  it('splits a message over the default budget (64 KB less a sixteenth) into numbered parts that together hold every result once', () => {
    const big = message(1000);
    const parts = splitMessage(big);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => ({ index: i + 1, of: parts.length })));
    expect(parts.flatMap((p) => p.results)).toEqual(big.results);
    expect(splitMessage(message(3))).toEqual([message(3)]);
  });

  it('writes the whole message as one dead-letter line when a part cannot be published', async () => {
    const { cloud, sent } = topic(2);
    const logs: string[] = [];
    const big = message(1000);
    const r = await publishResult(
      cloud,
      'ecm-reset-results',
      createLogger((l) => logs.push(l)),
      big,
    );
    expect(r).toMatchObject({ published: false });
    expect(sent).toHaveLength(1);
    const dead = logs.filter((l) => l.includes(DEAD_LETTER_EVENT));
    expect(dead).toHaveLength(1);
    expect(dead[0]?.includes('\n')).toBe(false);
    const line = JSON.parse(dead[0] as string) as { event: string; id: string; publishedParts: number; parts: number; message: ResultMessage };
    expect(line).toMatchObject({ event: DEAD_LETTER_EVENT, id: big.id, publishedParts: 1 });
    expect(line.parts).toBeGreaterThan(1);
    expect(line.message).toEqual(big);
  });

  it('logs nothing dead when every part goes out', async () => {
    const { cloud, sent } = topic();
    const logs: string[] = [];
    expect(
      await publishResult(
        cloud,
        't',
        createLogger((l) => logs.push(l)),
        message(2),
      ),
    ).toMatchObject({ published: true, msgIds: ['m1'] });
    expect(sent).toHaveLength(1);
    expect(logs.some((l) => l.includes(DEAD_LETTER_EVENT))).toBe(false);
  });
});

describe('fitMessage: every part fits the topic', () => {
  const fleet = (n: number): ResultMessage => {
    const m = message(n);
    const ids = m.results.map((r) => r.instanceId);
    return {
      ...m,
      type: 'reset.partial',
      request: {
        instanceIds: ids,
        selector: 'tag:fleet=nightly',
        imageId: null,
        keepData: true,
        keepImageLogin: false,
        reason: 'nightly',
        requestedBy: 'timer:nightly',
        dryRun: false,
      },
    };
  };
  const size = (m: ResultMessage) => Buffer.byteLength(JSON.stringify(m));
  const expectFits = (parts: readonly ResultMessage[], maxBytes: number, original: ResultMessage) => {
    for (const p of parts) {
      expect(size(p)).toBeLessThanOrEqual(messageBudget(maxBytes));
      expect(v.is(ResultMessageSchema, p)).toBe(true);
      expect([p.id, p.type, p.time, p.trigger]).toEqual([original.id, original.type, original.time, original.trigger]);
    }
    expect(parts.flatMap((p) => p.results.map((r) => [r.instanceId, r.status, r.code]))).toEqual(original.results.map((r) => [r.instanceId, r.status, r.code]));
  };

  it('leaves a message that fits as it is', () => {
    expect(fitMessage(message(3), 1024)).toEqual({ parts: [message(3)], shortened: [] });
  });

  it('keeps a margin of a sixteenth of the topic size', () => {
    expect(messageBudget(65_536)).toBe(61_440);
    expect(messageBudget(1024)).toBe(960);
  });

  it.each([1024, 4096, 65_536])(
    'splits a fleet of 5,000 whose request alone is too large for a %i-byte topic, and says the id list was shortened',
    (maxBytes) => {
      const big = fleet(5000);
      const { parts, shortened } = fitMessage(big, maxBytes);
      expectFits(parts, maxBytes, big);
      expect(shortened).toContain('request.instanceIds');
      expect(parts[0]?.request).toMatchObject({ instanceIdCount: 5000, selector: 'tag:fleet=nightly' });
      expect(parts.every((p) => p.shortened === shortened)).toBe(true);
    },
  );

  it('shortens a huge error with many long issues until the one part fits a 1 KB topic', () => {
    const issues = Array.from({ length: 21 }, (_, i) => ({ path: `instanceIds.${i}`, message: `"${'x'.repeat(250)}" is not an ECM instance id` }));
    issues[20] = { path: '', message: 'and 400 more issues' };
    const m = buildMessage({
      type: 'reset.rejected',
      id: 'rst-0123456789abcdef01234567',
      time: new Date('2024-05-02T18:00:00Z'),
      trigger: { kind: 'cmq', id: '281474976710658' },
      request: null,
      results: [],
      error: new AppError('Request.Invalid', `invalid reset request: ${'y'.repeat(30_000)}`, { issues }),
      functionRequestId: 'scf-1',
    });
    const { parts, shortened } = fitMessage(m, 1024);
    expect(parts).toHaveLength(1);
    expectFits(parts, 1024, m);
    expect(shortened).toEqual(expect.arrayContaining(['error.message', 'error.issues']));
    const error = parts[0]?.error;
    expect(error?.code).toBe('Request.Invalid');
    expect(error?.message).toMatch(/^invalid reset request: y+…\(30023 chars, sha256:[0-9a-f]{8}\)$/);
    // The issues kept still count all of them.
    const kept = error?.issues ?? [];
    expect(kept[kept.length - 1]).toEqual({ path: '', message: `and ${420 - (kept.length - 1)} more issues` });
  });

  it('shortens long per-instance messages rather than fail to publish them', () => {
    const m = message(3);
    m.results = m.results.map((r) => ({ ...r, status: 'failed' as const, code: 'InvalidParameterValue', message: 'z'.repeat(5000) }));
    const { parts, shortened } = fitMessage(m, 1024);
    expectFits(parts, 1024, m);
    expect(shortened).toEqual(['results.message']);
  });
});
