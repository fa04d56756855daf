/** What the guardrails decided for one instance before any reset call. */
export interface Decision {
  instanceId: string;
  action: 'reset' | 'skip' | 'fail';
  code: string;
  message: string;
}

/** A refusal found after planning, on the way to ResetInstances (image, password, state). */
export const refuse = (instanceId: string, code: string, message: string): Decision => ({ instanceId, action: 'fail', code, message });
