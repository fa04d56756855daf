import type { LedgerContext } from './ledger-context';

/** The tag an operator sees on an instance the function left for a human (a mirror, not the state). */
export const TAG_ESCALATED = 'ecm-reset:escalated';

/**
 * Mirrors escalations onto the instances' tags, so the console shows why an instance is left
 * alone. Best effort: the ledger is the state and no guardrail reads the tag; a failure is logged.
 */
export async function mirrorEscalations(ctx: LedgerContext, instanceIds: readonly string[], at: number): Promise<void> {
  if (instanceIds.length === 0) return;
  try {
    await ctx.cloud.tagInstances(instanceIds, { [TAG_ESCALATED]: new Date(at * 1000).toISOString() });
  } catch (e) {
    ctx.log.warn('ledger.mirror-failed', { instanceIds, reason: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Takes the escalation mirror off released instances. Best effort like `mirrorEscalations`: the
 * ledger already says they are released; false (logged) when the tag may still be on some of them.
 */
export async function unmirrorEscalations(ctx: LedgerContext, instanceIds: readonly string[]): Promise<boolean> {
  if (instanceIds.length === 0) return true;
  try {
    await ctx.cloud.untagInstances(instanceIds, [TAG_ESCALATED]);
    return true;
  } catch (e) {
    ctx.log.warn('ledger.unmirror-failed', { instanceIds, reason: e instanceof Error ? e.message : String(e) });
    return false;
  }
}
