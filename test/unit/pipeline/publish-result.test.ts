import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../lib/function/kernel/logger';
import type { CloudCalls } from '../../../lib/function/ports/cloud-calls';
import { CloudCallError } from '../../../lib/function/ports/cloud-error';
import { buildMessage } from '../../../lib/function/result/build-message';
import { DEAD_LETTER_EVENT, MAX_MESSAGE_BYTES, publishResult, splitMessage } from '../../../lib/function/result/publish-result';
import type { ResultMessage } from '../../../lib/function/result/result-message';

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
  it('splits a message over 60 KB into numbered parts that together hold every result once', () => {
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
