import { systemClock } from '../../lib/function/kernel/clock';
import { createLogger } from '../../lib/function/kernel/logger';
import type { LedgerContext } from '../../lib/function/ledger/ledger-context';
import type { CloudCalls } from '../../lib/function/ports/cloud-calls';

/**
 * A fake of the ledger's store port (never of COS or the network): objects in a Map with a
 * create-if-absent write, and hooks to make a read stale or an answer get lost.
 */
export interface MemoryStore {
  objects: Map<string, string>;
  reads: number;
  creates: number;
  /** Keys whose next read answers null although the object exists (a stale read). */
  staleOnce: Set<string>;
  /** The next create of these keys takes effect, then its answer is lost (an ambiguous failure). */
  loseAnswer: Set<string>;
  /** A context whose cloud holds only the ledger's calls. */
  context(deadlineMs?: number): LedgerContext & { logs: string[] };
}

export function memoryStore(): MemoryStore {
  const store: MemoryStore = {
    objects: new Map(),
    reads: 0,
    creates: 0,
    staleOnce: new Set(),
    loseAnswer: new Set(),
    context(deadlineMs = 30_000) {
      const logs: string[] = [];
      const refuse = () => Promise.reject(new Error('not the ledger'));
      const cloud = {
        async ledgerRead(key: string) {
          store.reads += 1;
          await Promise.resolve();
          if (store.staleOnce.delete(key)) return null;
          return store.objects.get(key) ?? null;
        },
        async ledgerCreate(key: string, body: string) {
          store.creates += 1;
          await Promise.resolve();
          if (store.objects.has(key)) return false;
          store.objects.set(key, body);
          if (store.loseAnswer.delete(key)) {
            const { CloudCallError } = await import('../../lib/function/ports/cloud-error');
            throw new CloudCallError('cos', 'PutObject', 'ambiguous', 'socket hang up', undefined, undefined, null);
          }
          return true;
        },
        async ledgerWrite(key: string, body: string) {
          await Promise.resolve();
          store.objects.set(key, body);
        },
        describeAll: refuse,
        describeIds: refuse,
        describeImage: refuse,
        resetInstances: refuse,
        getSecretValue: refuse,
        publish: refuse,
        tagInstances: refuse,
        untagInstances: refuse,
        invokeAsync: refuse,
      } as CloudCalls;
      return { cloud, clock: systemClock, log: createLogger((l) => logs.push(l)), deadline: Date.now() + deadlineMs, logs };
    },
  };
  return store;
}
