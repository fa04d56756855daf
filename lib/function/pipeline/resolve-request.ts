import { AppError, toAppError } from '../kernel/errors';
import type { AlarmIntent, RequestIntent } from '../request/intent';
import type { ResetRequest } from '../request/reset-request';
import { validateRequest } from '../request/validate-request';
import type { Outcome } from './outcome';
import { requestFromAlarm } from './resolve-alarm';
import type { Run } from './run';

/** The request, or the outcome that ended the intent before there was one. */
export type Resolved = { kind: 'request'; request: ResetRequest } | { kind: 'done'; outcome: Outcome };

const done = (outcome: Outcome): Resolved => ({ kind: 'done', outcome });

/**
 * Step 1: the request an intent stands for. A recovered alarm is acknowledged and ignored; an
 * alarm becomes a request for the one instance it names; a carried request is validated.
 */
export async function resolveRequest(run: Run, intent: RequestIntent | AlarmIntent): Promise<Resolved> {
  if (intent.type === 'alarm') {
    if (!intent.firing) {
      run.inv.log.info('alarm.recovered', { identity: intent.identity, summary: intent.summary });
      return done(run.silent('ignored', [], null));
    }
    try {
      const r = await requestFromAlarm(run.inv, intent);
      return r instanceof AppError ? done(await run.finish('reset.rejected', null, [], r)) : { kind: 'request', request: r };
    } catch (e) {
      return done(await run.finish('reset.failed', null, [], toAppError(e)));
    }
  }
  const r =
    intent.payloadError !== undefined
      ? new AppError('Request.Invalid', `invalid reset request: ${intent.payloadError}`, { issues: [{ path: '', message: intent.payloadError }] })
      : validateRequest(intent.payload, intent.defaults, run.inv.config.passwordSecret !== null);
  return r instanceof AppError ? done(await run.finish('reset.rejected', null, [], r)) : { kind: 'request', request: r };
}
