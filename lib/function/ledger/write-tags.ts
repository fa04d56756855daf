import { CloudCallError } from '../ports/cloud-error';
import type { LedgerContext } from './ledger-context';

/** Why a group of instances could not be written, by instance id. */
export type WriteFailures = Map<string, string>;

export const reasonOf = (e: unknown): string =>
  e instanceof CloudCallError ? `${e.tencentCode ?? e.resultCode}: ${e.message}` : e instanceof Error ? e.message : 'unknown';

/** Writes tags per instance; instances with equal tags share TagResources calls. */
export async function writeTags(inv: LedgerContext, planned: ReadonlyMap<string, Record<string, string>>): Promise<WriteFailures> {
  const groups = new Map<string, { ids: string[]; tags: Record<string, string> }>();
  for (const [id, tags] of planned) {
    const key = JSON.stringify(Object.entries(tags).sort());
    const g = groups.get(key) ?? { ids: [], tags };
    g.ids.push(id);
    groups.set(key, g);
  }
  const failures: WriteFailures = new Map();
  await Promise.all(
    [...groups.values()].map(async (g) => {
      try {
        await inv.cloud.tagInstances(g.ids, g.tags);
      } catch (e) {
        // One instance at its tag quota fails the whole call: write the group's instances one
        // by one so that only the instances that cannot take the tags are reported (tags are
        // idempotent, so writing again what did stick is harmless).
        if (g.ids.length === 1) {
          failures.set(g.ids[0] as string, reasonOf(e));
          return;
        }
        await Promise.all(
          g.ids.map(async (id) => {
            try {
              await inv.cloud.tagInstances([id], g.tags);
            } catch (alone) {
              failures.set(id, reasonOf(alone));
            }
          }),
        );
      }
    }),
  );
  return failures;
}
