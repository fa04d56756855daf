import type { LedgerState } from '../ledger/ledger-state';
import { terminalType } from '../result/build-message';
import type { InstanceResult, RequestSummary } from '../result/result-message';
import type { Outcome } from './outcome';
import type { Run } from './run';

type OpenRequest = LedgerState['requests'][string];

/**
 * A request the ledger knows but whose outcome nobody recorded: its run is still working (until
 * its deadline), or it stopped (killed, out of time) between deciding and recording. In flight, a
 * redelivery answers `duplicate` and publishes nothing: that run will. Stopped, the redelivery
 * takes over: DescribeInstances tells which reserved instances started their reinstall
 * (accepted); those that did not are given back and failed; the rest stay reserved, as if reset,
 * and are reported unknown. Then the outcome is recorded and published like any other.
 */
export async function takeOver(run: Run, open: OpenRequest, summary: RequestSummary): Promise<Outcome> {
  const { inv } = run;
  if (open.exp * 1000 > inv.clock.now()) {
    inv.log.info('reset.in-flight', { identity: run.identity, until: new Date(open.exp * 1000).toISOString() });
    return run.silent('duplicate', [], null);
  }
  inv.log.warn('reset.take-over', { identity: run.identity, reserved: open.ids });
  const { found } = await inv.cloud.describeIds(open.ids);
  const now = new Map(found.map((i) => [i.instanceId, i]));
  const results: InstanceResult[] = [];
  const notStarted: string[] = [];
  for (const id of open.ids) {
    const after = now.get(id);
    const base = { instanceId: id, apiRequestId: null };
    if (after !== undefined && after.latestOperation === 'ResetInstances' && after.latestOperationState === 'OPERATING') {
      results.push({
        ...base,
        status: 'accepted',
        code: 'Accepted',
        message: 'reinstall started (confirmed by DescribeInstances after the run that sent it stopped)',
      });
    } else if (after === undefined || after.latestOperation !== 'ResetInstances') {
      notStarted.push(id);
      results.push({
        ...base,
        status: 'failed',
        code: 'Invocation.TimeLimit',
        message: 'the run that reserved it stopped before ResetInstances took it; nothing was started, so another request may reset it',
      });
    } else {
      results.push({
        ...base,
        status: 'failed',
        code: 'Reset.OutcomeUnknown',
        message: `the run that reserved it stopped before recording whether ResetInstances took it (${after.latestOperation}/${after.latestOperationState ?? '?'}); it stays reserved as if reset, so the cooldown holds: look at the instance`,
      });
    }
  }
  for (const [id, code] of Object.entries(open.skipped))
    results.push({ instanceId: id, status: 'skipped', code, message: `left alone by the run that decided the request (${code})`, apiRequestId: null });
  if (notStarted.length > 0) await inv.ledger.append(inv, { kind: 'release', at: Math.floor(inv.clock.now() / 1000), rid: run.id, ids: notStarted });
  run.sent = true;
  return run.finish(terminalType(results), summary, results, null);
}
