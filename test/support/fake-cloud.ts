import type { Config } from '../../lib/function/config/config';
import { createLogger } from '../../lib/function/kernel/logger';
import { createSecretCache } from '../../lib/function/kernel/secret-cache';
import { createLedger } from '../../lib/function/ledger/ledger';
import { type Invocation, newTally } from '../../lib/function/pipeline/invocation';
import type { CloudCalls } from '../../lib/function/ports/cloud-calls';
import { CloudCallError } from '../../lib/function/ports/cloud-error';
import type { EcmInstance, ResetInstancesParams } from '../../lib/function/ports/cloud-ports';
import { createVirtualClock, type VirtualClock } from '../unit/resilience/virtual-clock';

/** What one ResetInstances call meets, in order of calls: a failure before or after taking effect. */
export type Script = 'ok' | 'ambiguous-before' | 'ambiguous-after' | 'throttled';

/**
 * A fake of the CloudCalls port (never of the SDK): a tiny ECM that refuses a whole batch for
 * one bad instance, as the API does, and records every reset it started.
 */
export interface FakeCloud {
  cloud: CloudCalls;
  instances: Map<string, EcmInstance>;
  starts: Map<string, number>;
  resetCalls: string[][];
  /** Instances whose image ECM refuses (InvalidImageArchitecture). */
  bad: Set<string>;
  script: Script[];
  describeFails: boolean;
  /** Make an unanswered reset land only when the next call comes (a late request). */
  lateLanding: boolean;
}

const instance = (id: string): EcmInstance => ({
  instanceId: id,
  uuid: null,
  name: id,
  state: 'RUNNING',
  osType: 'linux',
  imageId: 'img-aaaaaaaa',
  tags: {},
  latestOperation: null,
  latestOperationState: null,
});

export const ids = (n: number, prefix = 'i'): string[] => Array.from({ length: n }, (_, i) => `ein-${prefix}${String(i).padStart(7, '0')}`);

export function fakeCloud(instanceIds: readonly string[]): FakeCloud {
  const notImplemented = () => Promise.reject(new Error('not used here'));
  let late: string[] | null = null;
  const f: FakeCloud = {
    instances: new Map(instanceIds.map((id) => [id, instance(id)])),
    starts: new Map(),
    resetCalls: [],
    bad: new Set(),
    script: [],
    describeFails: false,
    lateLanding: false,
    cloud: undefined as unknown as CloudCalls,
  };
  const start = (batch: readonly string[]) => {
    for (const id of batch) {
      const i = f.instances.get(id) as EcmInstance;
      f.instances.set(id, { ...i, latestOperation: 'ResetInstances', latestOperationState: 'OPERATING' });
      f.starts.set(id, (f.starts.get(id) ?? 0) + 1);
    }
  };
  const apply = (batch: readonly string[]) => {
    const bad = batch.find((id) => f.bad.has(id));
    if (bad !== undefined)
      throw new CloudCallError(
        'ecm',
        'ResetInstances',
        'rejected',
        `${bad} has a bad image`,
        'InvalidParameterValue.InvalidImageArchitecture',
        'req-bad',
        null,
      );
    const busy = batch.find((id) => f.instances.get(id)?.latestOperationState === 'OPERATING');
    if (busy !== undefined)
      throw new CloudCallError('ecm', 'ResetInstances', 'rejected', `${busy} is busy`, 'OperationDenied.InstanceOperationInProgress', 'req-busy', null);
    start(batch);
  };
  f.cloud = {
    describeAll: notImplemented,
    describeImage: notImplemented,
    async describeIds(wanted) {
      if (f.describeFails) throw new CloudCallError('ecm', 'DescribeInstances', 'ambiguous', 'DescribeInstances timed out', undefined, undefined, null);
      const found = wanted.map((id) => f.instances.get(id)).filter((i): i is EcmInstance => i !== undefined);
      return { found, missing: wanted.filter((id) => !f.instances.has(id)) };
    },
    async resetInstances(p: ResetInstancesParams) {
      if (late !== null) {
        // The unanswered call lands now, just before this one.
        try {
          apply(late);
        } catch {
          /* refused: nobody hears of it */
        }
        late = null;
      }
      f.resetCalls.push([...p.instanceIds]);
      const step = f.script.shift() ?? 'ok';
      if (step === 'throttled') throw new CloudCallError('ecm', 'ResetInstances', 'throttled', 'throttled', 'RequestLimitExceeded', 'req-t', null);
      if (step === 'ambiguous-before') {
        if (f.lateLanding) late = [...p.instanceIds];
        throw new CloudCallError('ecm', 'ResetInstances', 'ambiguous', 'network timeout at: https://ecm/', undefined, undefined, null);
      }
      apply(p.instanceIds);
      if (step === 'ambiguous-after') throw new CloudCallError('ecm', 'ResetInstances', 'ambiguous', 'socket hang up', undefined, undefined, null);
      return { apiRequestId: `req-${f.resetCalls.length}` };
    },
    getSecretValue: notImplemented,
    publish: notImplemented,
    tagInstances: notImplemented,
    untagInstances: notImplemented,
    ledgerRead: notImplemented,
    ledgerCreate: notImplemented,
    ledgerWrite: notImplemented,
    invokeAsync: notImplemented,
  };
  return f;
}

/** An Invocation around a fake cloud; the log lines are kept. */
export function invocation(cloud: CloudCalls, clock: VirtualClock = createVirtualClock()): { inv: Invocation; logs: string[]; clock: VirtualClock } {
  const logs: string[] = [];
  const inv: Invocation = {
    config: {} as Config,
    ledger: createLedger(),
    cloud,
    clock,
    log: createLogger((l) => logs.push(l)),
    secrets: createSecretCache(0, clock),
    functionRequestId: 'req-test',
    deadline: clock.now() + 30_000,
    resetCutoff: clock.now() + 27_000,
    tally: newTally(),
  };
  return { inv, logs, clock };
}
