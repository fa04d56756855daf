import type { LedgerState } from '../ledger/ledger-state';
import type { EcmImage } from '../ports/cloud-ports';
import type { ResetRequest } from '../request/reset-request';
import { terminalType } from '../result/build-message';
import type { InstanceResult, RequestSummary } from '../result/result-message';
import { executeReset } from './execute-reset';
import { passwordFor } from './fetch-password';
import type { Outcome } from './outcome';
import { releaseUnstarted } from './release-unstarted';
import type { Run } from './run';

type OpenRequest = LedgerState['requests'][string];

/**
 * A request the ledger knows but whose outcome nobody recorded: its run is still working (until
 * its deadline), or it stopped (killed, out of time, the ledger down) between deciding and
 * recording. In flight, a redelivery answers `duplicate` and publishes nothing: that run will.
 * Stopped, the redelivery takes the request over with the instances it holds: DescribeInstances
 * tells which ones started their reinstall (accepted); the ones ECM shows no reset for are reset
 * now (they are this request's own); any other is reported unknown and stays reserved as if
 * reset (the cooldown holds). Then the outcome is recorded and published like any other.
 */
export async function takeOver(run: Run, open: OpenRequest, request: ResetRequest, image: EcmImage | null, summary: RequestSummary): Promise<Outcome> {
  const { inv } = run;
  if (open.exp * 1000 > inv.clock.now()) {
    inv.log.info('reset.in-flight', { identity: run.identity, until: new Date(open.exp * 1000).toISOString() });
    // Its instances count toward this invocation's blast radius, as a recorded reset's do.
    inv.tally.duplicates += open.ids.length;
    return run.silent('duplicate', [], null);
  }
  inv.log.warn('reset.take-over', { identity: run.identity, reserved: open.ids });
  const { found } = await inv.cloud.describeIds(open.ids);
  const byId = new Map(found.map((i) => [i.instanceId, i]));
  const results: InstanceResult[] = [];
  const toReset = found.filter((i) => i.latestOperation !== 'ResetInstances');
  for (const id of open.ids) {
    const i = byId.get(id);
    const base = { instanceId: id, apiRequestId: null };
    if (i === undefined) results.push({ ...base, status: 'failed', code: 'ResourceNotFound.InstanceNotExist', message: 'no such ECM instance' });
    else if (i.latestOperation !== 'ResetInstances') continue;
    else if (i.latestOperationState === 'OPERATING') {
      results.push({
        ...base,
        status: 'accepted',
        code: 'Accepted',
        message: 'reinstall started (confirmed by DescribeInstances after the run that sent it stopped)',
      });
    } else {
      results.push({
        ...base,
        status: 'failed',
        code: 'Reset.OutcomeUnknown',
        message: `the run that reserved it stopped before recording whether ResetInstances took it (${i.latestOperation}/${i.latestOperationState ?? '?'}); it stays reserved as if reset, so the cooldown holds: look at the instance`,
      });
    }
  }
  run.sent = true;
  if (toReset.length > 0) {
    const fit = await passwordFor(inv, toReset, image);
    const sendable = toReset.filter((i) => !fit.refusals.some((d) => d.instanceId === i.instanceId));
    const { imageId, keepData, keepImageLogin, enhancedService } = request;
    const reset = await executeReset(inv, sendable, { imageId, keepData, keepImageLogin, enhancedService, password: fit.password });
    const refused: InstanceResult[] = fit.refusals.map((d) => ({
      instanceId: d.instanceId,
      status: 'failed',
      code: d.code,
      message: d.message,
      apiRequestId: null,
    }));
    // Refused by the password rules: certainly not started, so given back like a refused reset.
    await releaseUnstarted(
      run,
      { results: [...reset.results, ...refused], notStarted: new Set([...reset.notStarted, ...refused.map((r) => r.instanceId)]) },
      Math.floor(inv.clock.now() / 1000),
    );
    results.push(...reset.results, ...refused);
  }
  for (const [id, code] of Object.entries(open.skipped))
    results.push({ instanceId: id, status: 'skipped', code, message: `left alone by the run that decided the request (${code})`, apiRequestId: null });
  return run.finish(terminalType(results), summary, results, null);
}
