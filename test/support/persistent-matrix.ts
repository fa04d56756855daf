import { afterEach, describe, expect, it } from 'vitest';
import { countResetStarts, deadLetters, expectNoPassword, expectOneEnd, FAULT_ENV, FAULT_KINDS, settle } from './fault-support';
import { fleetInstances, timerEvent } from './fleet-support';
import { type FunctionUnderTest, startFunction } from './function';

const POOL = fleetInstances(5, { pool: 'matrix' }, 'm');
const EVENT = timerEvent('matrix', { selector: 'tag:pool=matrix' });

export type Stage = 'DescribeInstances' | 'GetObject' | 'PutObject' | 'GetSecretValue' | 'ResetInstances' | 'PublishCmqMsg';
interface Expected {
  /** The terminal type the request ends in. */
  type: string;
  /** Resets the emulator started per instance. */
  resets: 0 | 1;
  deadLettered: boolean;
  /** The guardrail ledger is out of reach: nothing is reset or published, and the invocation fails for SCF to retry. */
  deferred?: boolean;
}

/**
 * What a fault that never goes away does to a request. A delayed ResetInstances still lands
 * after the client gave up: reconciliation finds it started and reports it accepted.
 */
const EXPECTED = (stage: Stage, kind: string): Expected => {
  switch (stage) {
    case 'DescribeInstances':
    case 'GetSecretValue':
      return { type: 'reset.failed', resets: 0, deadLettered: false };
    case 'GetObject':
    case 'PutObject':
      return { type: 'reset.accepted', resets: 0, deadLettered: false, deferred: true };
    case 'ResetInstances':
      return kind === 'delay past the client timeout'
        ? { type: 'reset.accepted', resets: 1, deadLettered: false }
        : { type: 'reset.failed', resets: 0, deadLettered: false };
    case 'PublishCmqMsg':
      return { type: 'reset.accepted', resets: 1, deadLettered: true };
  }
};

/**
 * The persistent half of the matrix for some stages (the test files split the stages so that
 * vitest runs them side by side).
 */
export function persistentMatrix(stages: readonly Stage[]): void {
  const CASES = stages.flatMap((stage) => Object.keys(FAULT_KINDS).map((kind) => ({ stage, kind, expected: EXPECTED(stage, kind) })));

  describe('a fault that persists at any stage still ends each request once, resetting each instance at most once', () => {
    let fut: FunctionUnderTest;
    afterEach(() => fut.close());

    it.each(CASES)('$kind at $stage → $expected.type', async ({ stage, kind, expected }) => {
      fut = await startFunction({ seed: { instances: POOL }, env: { ...FAULT_ENV, RESET_ALLOW: 'tag:pool=matrix' } });
      const starts = countResetStarts(fut);
      fut.emu.emulator.faults.add({ action: stage, ...FAULT_KINDS[kind], times: 1000 });
      // 20 s to live: a fault that never ends is waited out until then (throttling the longest), well inside the test's own timeout.
      const context = { request_id: `scf-${stage}-${kind}`, time_limit_in_ms: 20_000 };

      const r = await settle(fut.invoke(EVENT, context));

      if (expected.deferred) {
        // Fail closed: no reset, no message (an outcome nobody could record might be contradicted later).
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/^State\.Unavailable: /);
        expect(fut.emu.emulator.messages).toEqual([]);
        for (const i of POOL) expect(starts.get(i.instanceId) ?? 0, i.instanceId).toBe(0);
        // The store comes back; SCF retries the event after the failed run's time: one outcome, one reset each.
        fut.emu.emulator.faults.clear();
        fut.clock.advance(context.time_limit_in_ms + 1000);
        const again = await settle(fut.invoke(EVENT, context));
        expect(again.ok, again.ok ? '' : again.error.message).toBe(true);
        const end = expectOneEnd(fut, (again.ok ? (again.value as { id: string }).id : '') || '');
        expect(end).toMatchObject({ type: expected.type, deadLettered: false });
        for (const i of POOL) expect(starts.get(i.instanceId) ?? 0, i.instanceId).toBe(1);
        return;
      }
      // A timer is invoked asynchronously: the handler throws only when the result could not be published.
      expect(r.ok, r.ok ? '' : r.error.message).toBe(!expected.deadLettered);
      if (!r.ok) expect(r.error.message).toMatch(/^Publish\.Failed: .*reset\.dead-letter/);
      const id = r.ok ? (r.value as { id: string }).id : (deadLetters(fut)[0]?.id ?? '');
      const end = expectOneEnd(fut, id);
      expect(end).toMatchObject({ type: expected.type, deadLettered: expected.deadLettered });
      for (const i of POOL) expect(starts.get(i.instanceId) ?? 0, i.instanceId).toBe(expected.resets);
      if (expected.type === 'reset.failed' && stage !== 'DescribeInstances') {
        // Per instance, with the code that sank it.
        expect(end.results.map((x) => x.instanceId).sort()).toEqual(POOL.map((i) => i.instanceId));
        expect(end.results.every((x) => x.status === 'failed' && x.code !== '')).toBe(true);
      }
      expectNoPassword(fut, r.ok ? r.value : r.error);

      if (expected.deadLettered) {
        // SCF retries the failed async invocation with the same request id: nothing is reset again.
        fut.emu.emulator.faults.clear();
        const published = fut.emu.emulator.messages.length;
        const again = await settle(fut.invoke(EVENT, context));
        expect(again).toMatchObject({ ok: true, value: { id, type: 'duplicate' } });
        for (const i of POOL) expect(starts.get(i.instanceId), i.instanceId).toBe(1);
        const late = fut.emu.emulator.messages.slice(published).filter((m) => (JSON.parse(m.content) as { id: string }).id === id);
        expect(new Set(late.map((m) => m.content)).size, 'nothing new published for the request').toBeLessThanOrEqual(1);
        expect(deadLetters(fut)).toHaveLength(1);
      }
    });
  });
}
