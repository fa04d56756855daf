import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../lib/function/ledger/ledger-entry';
import {
  applyEntry,
  emptyLedger,
  instanceHistory,
  type LedgerState,
  pendingCompletions,
  pruneLedger,
  resetsInLastHour,
} from '../../../lib/function/ledger/ledger-state';

const NOW = 1_714_540_000;
let seq = 0;
const at = (ago: number) => NOW - ago;
const decide = (rid: string, ago: number, over: Partial<Extract<LedgerEntry, { kind: 'decide' }>> = {}): LedgerEntry => ({
  kind: 'decide',
  seq: ++seq,
  at: at(ago),
  nonce: 'n',
  rid,
  exp: at(ago) + 30,
  reset: [],
  attempt: [],
  escalate: [],
  skipped: {},
  ...over,
});
const fold = (...entries: LedgerEntry[]): LedgerState => entries.reduce(applyEntry, emptyLedger());

describe('the ledger state (the fold of its entries)', () => {
  it('keeps the state it was given unchanged (a lost race decides again on the same state)', () => {
    const before = fold(decide('rst-1', 100, { reset: ['ein-aaaaaaaa'] }));
    const copy = structuredClone(before);
    applyEntry(before, decide('rst-2', 50, { reset: ['ein-aaaaaaaa'] }));
    expect(before).toEqual(copy);
  });

  it('counts the resets of the last hour, all instances together, without the released ones', () => {
    const state = fold(
      decide('rst-1', 4000, { reset: ['ein-aaaaaaaa'] }),
      decide('rst-2', 3000, { reset: ['ein-aaaaaaaa', 'ein-bbbbbbbb'] }),
      decide('rst-3', 10, { reset: ['ein-cccccccc'] }),
      { kind: 'release', seq: ++seq, at: at(5), nonce: 'n', rid: 'rst-3', ids: ['ein-cccccccc'] },
    );
    expect(resetsInLastHour(state, NOW)).toBe(2);
  });

  it('releases only the request’s own reservation, never another’s', () => {
    const state = fold(decide('rst-1', 100, { reset: ['ein-aaaaaaaa'] }), {
      kind: 'release',
      seq: ++seq,
      at: at(50),
      nonce: 'n',
      rid: 'rst-2',
      ids: ['ein-aaaaaaaa'],
    });
    expect(instanceHistory(state, 'ein-aaaaaaaa', NOW).last).toEqual({ at: at(100), rid: 'rst-1' });
  });

  it('keeps an escalation until a human releases it, and counts toward escalation again from the release', () => {
    const escalated = fold(decide('rst-1', 300, { reset: ['ein-aaaaaaaa'] }), decide('rst-2', 200, { attempt: ['ein-aaaaaaaa'], escalate: ['ein-aaaaaaaa'] }));
    expect(instanceHistory(pruneLedger(escalated, NOW + 10 * 86_400), 'ein-aaaaaaaa', NOW + 10 * 86_400).escalatedAt).toBe(at(200));
    const released = applyEntry(escalated, { kind: 'unescalate', seq: ++seq, at: at(100), nonce: 'n', by: 'ops', ids: ['ein-aaaaaaaa'] });
    const h = instanceHistory(released, 'ein-aaaaaaaa', NOW);
    expect(h.escalatedAt).toBeNull();
    expect(h.lastDay).toEqual([]);
    expect(h.last).toEqual({ at: at(300), rid: 'rst-1' });
  });

  it('lists resets not reported yet by request, and forgets them once complete', () => {
    const state = fold(decide('rst-1', 100, { reset: ['ein-aaaaaaaa', 'ein-bbbbbbbb'] }), decide('rst-2', 50, { reset: ['ein-cccccccc'] }));
    expect([...pendingCompletions(state).keys()]).toEqual(['rst-1', 'rst-2']);
    const done = applyEntry(state, { kind: 'complete', seq: ++seq, at: NOW, nonce: 'n', rid: 'rst-1', ids: ['ein-aaaaaaaa', 'ein-bbbbbbbb'] });
    expect([...pendingCompletions(done).keys()]).toEqual(['rst-2']);
  });

  it('prunes what no guardrail reads any more, deterministically', () => {
    const state = fold(decide('rst-old', 40 * 86_400, { reset: ['ein-aaaaaaaa'] }), decide('rst-new', 100, { attempt: ['ein-bbbbbbbb'] }));
    const later = pruneLedger(state, NOW);
    expect(later.instances['ein-aaaaaaaa']).toBeUndefined();
    expect(later.instances['ein-bbbbbbbb']?.attempts).toHaveLength(1);
    expect(Object.keys(later.requests)).toEqual(['rst-new']);
    expect(pruneLedger(state, NOW)).toEqual(later);
  });
});
