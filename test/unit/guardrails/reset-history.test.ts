import { describe, expect, it } from 'vitest';
import {
  appendAttemptId,
  appendEntry,
  DAY_SECONDS,
  hourOf,
  readHistory,
  recentHours,
  stamp,
  TAG_ATTEMPTS,
  TAG_ESCALATED,
  TAG_HISTORY,
  TAG_LAST,
  TAG_PENDING,
  within,
} from '../../../lib/function/guardrails/reset-history';

const NOW = 1_714_540_000;
const ID = 'rst-0123456789abcdef01234567';
/** What the Tag API accepts in a value (lib/tools/emulator/services/tag-rules.ts). */
const TAG_VALUE = /^[\p{L}\p{N} +\-=._:/@()[\],;><]{1,255}$/u;

describe('readHistory', () => {
  it('reads every tag', () => {
    const h = readHistory({
      [TAG_LAST]: stamp(NOW - 10, ID),
      [TAG_PENDING]: stamp(NOW - 10, ID),
      [TAG_HISTORY]: `${NOW - 100}a ${NOW - 10}r`,
      [TAG_ESCALATED]: String(NOW - 5),
      [TAG_ATTEMPTS]: 'rst-a rst-b',
      role: 'web',
    });
    expect(h).toEqual({
      last: { at: NOW - 10, resultId: ID },
      pending: { at: NOW - 10, resultId: ID },
      entries: [
        { at: NOW - 100, kind: 'attempt' },
        { at: NOW - 10, kind: 'reset' },
      ],
      escalatedAt: NOW - 5,
      attemptIds: ['rst-a', 'rst-b'],
    });
  });

  it('an instance without tags has no history', () => {
    expect(readHistory({})).toEqual({ last: null, pending: null, entries: [], escalatedAt: null, attemptIds: [] });
  });

  it('treats anything unreadable as absent instead of failing (tags can be edited by people)', () => {
    const h = readHistory({ [TAG_LAST]: 'yesterday', [TAG_HISTORY]: `junk ${NOW}x ${NOW}r 12345678901234r`, [TAG_ESCALATED]: 'soon' });
    expect(h.last).toBeNull();
    expect(h.entries).toEqual([{ at: NOW, kind: 'reset' }]);
    expect(h.escalatedAt).toBeNull();
  });
});

describe('within', () => {
  it('keeps entries of the window, including those slightly in the future (clock skew between containers)', () => {
    const entries = [
      { at: NOW - DAY_SECONDS, kind: 'reset' as const },
      { at: NOW - DAY_SECONDS + 1, kind: 'reset' as const },
      { at: NOW + 300, kind: 'attempt' as const },
      { at: NOW + 301, kind: 'attempt' as const },
    ];
    expect(within(entries, NOW, DAY_SECONDS).map((e) => e.at)).toEqual([NOW - DAY_SECONDS + 1, NOW + 300]);
  });
});

describe('appendEntry', () => {
  it('appends and drops entries older than a day', () => {
    expect(
      appendEntry(
        [
          { at: NOW - DAY_SECONDS - 1, kind: 'reset' },
          { at: NOW - 60, kind: 'attempt' },
        ],
        { at: NOW, kind: 'reset' },
      ),
    ).toBe(`${NOW - 60}a ${NOW}r`);
  });

  it('stays within a tag value however many requests arrive', () => {
    let value = '';
    for (let n = 0; n < 100; n += 1) value = appendEntry(readHistory({ [TAG_HISTORY]: value }).entries, { at: NOW + n, kind: n % 2 ? 'attempt' : 'reset' });
    expect(value).toMatch(TAG_VALUE);
    expect(readHistory({ [TAG_HISTORY]: value }).entries).toHaveLength(20);
    expect(value.endsWith(`${NOW + 99}a`)).toBe(true);
  });
});

describe('appendAttemptId', () => {
  it('keeps the newest result ids, once each, within a tag value', () => {
    let ids: string[] = [];
    for (let n = 0; n < 30; n += 1) ids = readHistory({ [TAG_ATTEMPTS]: appendAttemptId(ids, `rst-${String(n).padStart(24, '0')}`) }).attemptIds;
    const value = appendAttemptId(ids, ids[0] ?? '');
    expect(value).toMatch(TAG_VALUE);
    expect(value.split(' ')).toHaveLength(8);
    expect(value.split(' ').at(-1)).toBe(ids[0]);
    expect(new Set(value.split(' ')).size).toBe(8);
  });
});

describe('stamp', () => {
  it('round-trips through readHistory and is a valid tag value', () => {
    expect(stamp(NOW, ID)).toMatch(TAG_VALUE);
    expect(readHistory({ [TAG_LAST]: stamp(NOW, ID) }).last).toEqual({ at: NOW, resultId: ID });
  });
});

describe("hourOf and recentHours (the hourly budget's DescribeInstances filter)", () => {
  const H = 476_261; // a clock hour: [H * 3600, (H + 1) * 3600)
  it('names the clock hour of a reset as a valid tag value', () => {
    expect(hourOf(H * 3600)).toBe(String(H));
    expect(hourOf(H * 3600 + 3599)).toBe(String(H));
    expect(hourOf(H * 3600)).toMatch(TAG_VALUE);
  });

  it('covers every second of the last hour, and the 300 s of skew the budget allows, for any now', () => {
    for (const now of [H * 3600, H * 3600 + 1, H * 3600 + 1800, H * 3600 + 3300, H * 3600 + 3599]) {
      const hours = recentHours(now);
      expect(hours.length).toBeLessThanOrEqual(5); // DescribeInstances takes at most 5 values a filter
      for (let at = now - 3599; at <= now + 300; at += 7) expect(hours, `now ${now}, reset at ${at}`).toContain(hourOf(at));
    }
  });

  it('leaves out hours that ended more than an hour ago', () => {
    const now = H * 3600 + 1800;
    expect(recentHours(now)).not.toContain(String(H - 2));
    expect(recentHours(now)).toEqual([String(H - 1), String(H)]);
  });
});
