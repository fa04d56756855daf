import { describe, expect, it } from 'vitest';
import type { Config } from '../../../lib/function/config/config';
import { TAG_PENDING } from '../../../lib/function/guardrails/reset-history';
import { trackCompletions } from '../../../lib/function/pipeline/track-completions';
import type { CloudCalls } from '../../../lib/function/ports/cloud-calls';
import type { EcmInstance } from '../../../lib/function/ports/cloud-ports';
import { invocation } from '../../support/fake-cloud';

const done = (id: string, resultId: string, at: number): EcmInstance => ({
  instanceId: id,
  uuid: null,
  name: null,
  state: 'RUNNING',
  osType: 'linux',
  imageId: null,
  tags: { [TAG_PENDING]: `${at}:${resultId}` },
  latestOperation: 'ResetInstances',
  latestOperationState: 'SUCCESS',
});

describe('trackCompletions', () => {
  it('leaves a finished request for the next sweep when too little time is left to report it', async () => {
    const published: string[] = [];
    const untagged: string[] = [];
    const { inv } = invocation({
      describeAll: async () => [done('ein-aaaaaaaa', 'rst-a', 1), done('ein-bbbbbbbb', 'rst-b', 1)],
      publish: async (_t: string, content: string) => {
        published.push(content);
        return { msgId: 'm', apiRequestId: 'r' };
      },
      untagInstances: async (ids: readonly string[]) => {
        untagged.push(...ids);
      },
    } as Partial<CloudCalls> as CloudCalls);
    inv.config = { topic: 'ecm-reset-results', completionTimeoutSeconds: 1800 } as Config;
    inv.deadline = inv.clock.now() + 1000;
    const s = await trackCompletions(inv, { kind: 'timer', id: 'track' });
    expect(s).toMatchObject({ completed: [], deferred: ['rst-a', 'rst-b'], published: true });
    expect(published).toEqual([]);
    expect(untagged).toEqual([]);

    inv.deadline = inv.clock.now() + 60_000;
    expect(await trackCompletions(inv, { kind: 'timer', id: 'track' })).toMatchObject({ completed: ['rst-a', 'rst-b'], deferred: [] });
    expect(untagged).toEqual(['ein-aaaaaaaa', 'ein-bbbbbbbb']);
  });
});
