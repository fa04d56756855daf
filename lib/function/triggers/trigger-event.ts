import type { Intent } from '../request/intent';
import type { HttpRequest } from './http-request';

/**
 * A recognised SCF event, normalised. Three families, because each is answered differently:
 * - `http`: API Gateway / function URL; routed, authenticated, answered with an HTTP response;
 * - `records`: CMQ, CKafka and batched EventBridge deliveries; each record succeeds or fails alone;
 * - `single`: timer, direct invoke, one EventBridge event.
 */
export type TriggerEvent =
  | { kind: 'http'; request: HttpRequest }
  | { kind: 'records'; source: 'cmq' | 'ckafka' | 'eventbridge'; intents: Intent[] }
  | { kind: 'single'; intent: Intent /** Where the outcome is delivered besides the topic (a deferred Slack command). */; respondTo?: { slack: string } };
