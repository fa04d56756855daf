import { describe, expect, it } from 'vitest';
import { createLedger } from '../../../lib/function/ledger/ledger';
import { CHECKPOINT_EVERY, CHECKPOINT_KEY, entryKey, type NewEntry } from '../../../lib/function/ledger/ledger-entry';
import { instanceHistory, type LedgerState, resetsInLastHour } from '../../../lib/function/ledger/ledger-state';
import { memoryStore } from '../../support/memory-ledger-store';

const NOW = 1_714_540_000;

const reserve = (rid: string, ids: string[], at = NOW): NewEntry => ({
  kind: 'decide',
  at,
  rid,
  exp: at + 30,
  reset: ids,
  attempt: [],
  escalate: [],
  skipped: {},
});

/** A decision as the pipeline takes it: reset `id` unless it was reset within `cooldown` seconds. */
const cooldownDecision = (rid: string, id: string, cooldown: number) => (state: LedgerState) => {
  const last = instanceHistory(state, id, NOW).last;
  const free = last === null || NOW - last.at >= cooldown;
  return { entry: free ? reserve(rid, [id]) : { ...reserve(rid, []), attempt: [id] }, result: free };
};

describe('the guardrail ledger', () => {
  it('numbers entries one after another and a cold reader (another container) folds the same state', async () => {
    const store = memoryStore();
    const a = createLedger();
    await a.append(store.context(), reserve('rst-1', ['ein-aaaaaaaa']));
    await a.append(store.context(), { kind: 'release', at: NOW, rid: 'rst-1', ids: ['ein-aaaaaaaa'] });
    await a.append(store.context(), reserve('rst-2', ['ein-bbbbbbbb']));
    expect([...store.objects.keys()].sort()).toEqual([entryKey(1), entryKey(2), entryKey(3)]);
    const cold = await createLedger().read(store.context());
    expect(cold.seq).toBe(3);
    expect(instanceHistory(cold, 'ein-aaaaaaaa', NOW).last).toBeNull();
    expect(instanceHistory(cold, 'ein-bbbbbbbb', NOW).last).toEqual({ at: NOW, rid: 'rst-2' });
  });

  it('lets exactly one of twenty containers racing for one instance reserve it; the others see it and record an attempt', async () => {
    const store = memoryStore();
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, n) => createLedger().commit(store.context(), cooldownDecision(`rst-${n}`, 'ein-aaaaaaaa', 3600))),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const state = await createLedger().read(store.context());
    expect(state.instances['ein-aaaaaaaa']?.resets).toHaveLength(1);
    expect(state.instances['ein-aaaaaaaa']?.attempts).toHaveLength(19);
    expect(state.seq).toBe(20);
  });

  it('never lets racing containers exceed an hourly budget', async () => {
    const store = memoryStore();
    const budget = 5;
    const decision = (rid: string, id: string) => (state: LedgerState) => {
      const room = resetsInLastHour(state, NOW) < budget;
      return { entry: room ? reserve(rid, [id]) : null, result: room };
    };
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, n) => createLedger().commit(store.context(), decision(`rst-${n}`, `ein-${String(n).padStart(8, '0')}`))),
    );
    expect(wins.filter(Boolean)).toHaveLength(budget);
    expect(resetsInLastHour(await createLedger().read(store.context()), NOW)).toBe(budget);
  });

  it('writes a checkpoint every 64 entries, so a cold reader starts there instead of at the first entry', async () => {
    const store = memoryStore();
    const writer = createLedger();
    for (let n = 1; n <= CHECKPOINT_EVERY * 2 + 3; n += 1) await writer.append(store.context(), reserve(`rst-${n}`, [`ein-${String(n).padStart(8, '0')}`]));
    expect(store.objects.has(CHECKPOINT_KEY)).toBe(true);
    const before = store.reads;
    const cold = await createLedger().read(store.context());
    expect(cold.seq).toBe(CHECKPOINT_EVERY * 2 + 3);
    expect(Object.keys(cold.instances)).toHaveLength(CHECKPOINT_EVERY * 2 + 3);
    // The checkpoint, three entries and the probes that find the end: far fewer than 131 reads.
    expect(store.reads - before).toBeLessThan(20);
  });

  it('takes a create whose answer was lost for its own when the entry it finds is its own', async () => {
    const store = memoryStore();
    store.loseAnswer.add(entryKey(1));
    const won = await createLedger().commit(store.context(), cooldownDecision('rst-1', 'ein-aaaaaaaa', 3600));
    expect(won).toBe(true);
    expect((await createLedger().read(store.context())).seq).toBe(1);
  });

  it('is not fooled by a stale read: the create is the arbiter, and the lost race is read and decided again', async () => {
    const store = memoryStore();
    await createLedger().append(store.context(), reserve('rst-other', ['ein-aaaaaaaa']));
    store.staleOnce.add(entryKey(1));
    const won = await createLedger().commit(store.context(), cooldownDecision('rst-mine', 'ein-aaaaaaaa', 3600));
    expect(won).toBe(false);
    const state = await createLedger().read(store.context());
    expect(state.instances['ein-aaaaaaaa']?.resets.map((r) => r.rid)).toEqual(['rst-other']);
  });

  it('records one outcome per request: the second writer gets the first one back', async () => {
    const store = memoryStore();
    const m = (type: string) => ({ type }) as never;
    const first = await createLedger().record(store.context(), 'rst-1', [m('reset.rejected')]);
    const second = await createLedger().record(store.context(), 'rst-1', [m('reset.accepted')]);
    expect(first.recorded).toBe(true);
    expect(second).toMatchObject({ recorded: false, outcome: { messages: [m('reset.rejected')], sent: false } });
    await createLedger().markSent(store.context(), 'rst-1', true);
    expect(await createLedger().recall(store.context(), 'rst-1')).toMatchObject({ messages: [m('reset.rejected')], sent: true });
  });
});
