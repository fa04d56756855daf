import { systemClock } from '../../lib/function/kernel/clock';
import { createLogger } from '../../lib/function/kernel/logger';
import { createLedger, type RecordedOutcome } from '../../lib/function/ledger/ledger';
import type { LedgerContext } from '../../lib/function/ledger/ledger-context';
import type { NewEntry } from '../../lib/function/ledger/ledger-entry';
import { instanceHistory, type LedgerState } from '../../lib/function/ledger/ledger-state';
import type { CloudCalls } from '../../lib/function/ports/cloud-calls';
import { createCosClient } from '../../lib/function/tencent/cos/cos-client';
import { createCosLedgerStore } from '../../lib/function/tencent/cos/cos-ledger-store';
import { TEST_REGION } from './emulator';

export const LEDGER_BUCKET = 'ecm-reset-ledger-1250000000';
export const LEDGER_PREFIX = 'ecm-reset/';

/** What a test reads of the guardrail ledger an emulator holds, through the function's own COS client. */
export interface LedgerView {
  state(): Promise<LedgerState>;
  recall(rid: string): Promise<RecordedOutcome | null>;
  append(entry: NewEntry): Promise<void>;
  /** The request ids of the resets the ledger holds for an instance, oldest first. */
  resetsOf(instanceId: string): Promise<string[]>;
  escalatedAt(instanceId: string): Promise<number | null>;
}

export function ledgerView(emulator: { url: string }, credential: { secretId: string; secretKey: string }): LedgerView {
  const client = createCosClient({
    credentials: { ...credential, token: null },
    bucket: LEDGER_BUCKET,
    region: TEST_REGION,
    endpoint: new URL(emulator.url),
    proxy: null,
    timeoutMs: 5000,
    clock: systemClock,
  });
  const store = createCosLedgerStore({ client, prefix: LEDGER_PREFIX });
  const ctx = (): LedgerContext => ({
    cloud: {
      ledgerRead: (k: string) => store.read(k),
      ledgerCreate: (k: string, b: string) => store.create(k, b),
      ledgerWrite: (k: string, b: string) => store.write(k, b),
    } as CloudCalls,
    clock: systemClock,
    log: createLogger(() => undefined),
    deadline: Date.now() + 30_000,
  });
  const state = () => createLedger().read(ctx());
  return {
    state,
    recall: (rid) => createLedger().recall(ctx(), rid),
    append: (entry) => createLedger().append(ctx(), entry),
    resetsOf: async (id) => (await state()).instances[id]?.resets.map((r) => r.rid) ?? [],
    escalatedAt: async (id) => instanceHistory(await state(), id, Math.floor(Date.now() / 1000)).escalatedAt,
  };
}
