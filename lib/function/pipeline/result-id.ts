import { createHash } from 'node:crypto';

/**
 * The result id follows from the event's identity, so a retried or redelivered event gets
 * the same id, and the guardrails can recognise it as already handled.
 */
export const resultIdFor = (identity: string): string => `rst-${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`;
