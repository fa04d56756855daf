import { describe, expect, it } from 'vitest';
import type { Config } from '../../../lib/function/config/config';
import { createLedger } from '../../../lib/function/ledger/ledger';
import { pendingCompletions } from '../../../lib/function/ledger/ledger-state';
import { trackCompletions } from '../../../lib/function/pipeline/track-completions';
import type { CloudCalls } from '../../../lib/function/ports/cloud-calls';
import type { EcmInstance } from '../../../lib/function/ports/cloud-ports';
import { invocation } from '../../support/fake-cloud';
import { memoryStore } from '../../support/memory-ledger-store';

const done = (id: string): EcmInstance => ({
  instanceId: id,
  uuid: null,
  name: null,
  state: 'RUNNING',
  osType: 'linux',
  imageId: null,
  tags: {},
  latestOperation: 'ResetInstances',
  latestOperationState: 'SUCCESS',
});

describe('trackCompletions', () => {
  it('leaves a finished request for the next sweep when too little time is left to report it', async () => {
    const store = memoryStore();
    const ledger = createLedger();
    for (const [rid, id] of [
      ['rst-a', 'ein-aaaaaaaa'],
      ['rst-b', 'ein-bbbbbbbb'],
    ] as const) {
      await ledger.append(store.context(), { kind: 'decide', at: 1, rid, exp: 31, reset: [id], attempt: [], escalate: [], skipped: {} });
    }
    const published: string[] = [];
    const ledgerCalls = store.context().cloud;
    const { inv } = invocation({
      ...ledgerCalls,
      describeIds: async (ids: readonly string[]) => ({ found: ids.map(done), missing: [] }),
      publish: async (_t: string, content: string) => {
        published.push(content);
        return { msgId: 'm', apiRequestId: 'r' };
      },
    } as CloudCalls);
    inv.ledger = ledger;
    inv.config = { topic: 'ecm-reset-results', completionTimeoutSeconds: 1800 } as Config;
    inv.deadline = inv.clock.now() + 1000;
    const s = await trackCompletions(inv, { kind: 'timer', id: 'track' });
    expect(s).toMatchObject({ completed: [], deferred: ['rst-a', 'rst-b'], published: true });
    expect(published).toEqual([]);
    expect([...pendingCompletions(await ledger.read(store.context())).keys()]).toEqual(['rst-a', 'rst-b']);

    inv.deadline = inv.clock.now() + 60_000;
    expect(await trackCompletions(inv, { kind: 'timer', id: 'track' })).toMatchObject({ completed: ['rst-a', 'rst-b'], deferred: [] });
    expect([...pendingCompletions(await ledger.read(store.context())).keys()]).toEqual([]);
    expect(published).toHaveLength(2);
  });
});
