/**
 * Direct invocation (SCF Invoke API, console test, `npm run invoke`): the event is the request.
 *
 * Source: DESIGN.md "Triggers" (direct invoke); handler and context: qcloud-docs
 * `product/计算与网络/无服务器云函数/开发指南/Node.js.md`, https://tencentcloud.com/document/product/583/9210.
 */
import { createHash } from 'node:crypto';
import type { RequestIntent } from '../request/intent';
import { keyedIdentity } from './keyed-identity';
import { requestIntent } from './payload';
import type { ScfContext } from './scf-context';

/** A plain JSON object (not null, not a list); which trigger it is not is detectTrigger's call. */
export type InvokeEvent = Record<string, unknown>;

export function isInvokeEvent(e: unknown): e is InvokeEvent {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  const proto: unknown = Object.getPrototypeOf(e);
  return proto === Object.prototype || proto === null;
}

/**
 * The request as sent. Its identity is the caller's `idempotencyKey` with the body when it gives
 * one (so a caller's retry is a duplicate), else SCF's request id (so SCF's own async retries are).
 */
export function fromInvokeEvent(e: InvokeEvent, context: ScfContext): RequestIntent {
  const requestId = context.request_id !== undefined && context.request_id !== '' ? context.request_id : null;
  let identity: string;
  const keyed = keyedIdentity('invoke', e);
  if (keyed !== null) identity = keyed;
  else if (requestId !== null) identity = `invoke:${requestId}`;
  // No request id (a hand-made context): the content stands in, so the identity stays stable.
  else identity = `invoke:sha256:${createHash('sha256').update(JSON.stringify(e)).digest('hex').slice(0, 32)}`;
  return requestIntent({ kind: 'invoke', id: requestId }, identity, { payload: e });
}
