import type { CredentialSeed, ParsedSeed } from './seed';
import { CamStore } from './stores/cam-store';
import { CosStore } from './stores/cos-store';
import { EcmStore } from './stores/ecm-store';
import { ScfStore } from './stores/scf-store';
import { SsmStore } from './stores/ssm-store';
import { TdmqStore } from './stores/tdmq-store';

export type { PolicyRecord, RoleRecord } from './stores/cam-store';
export type { BucketRecord, BucketVersioning, StoredObject } from './stores/cos-store';
export type { InstanceRecord, InstanceState, OperationState, PendingReset } from './stores/ecm-store';
export type { FunctionRecord, FunctionStatus, TriggerRecord } from './stores/scf-store';
export type { PublishedMessage, TopicRecord } from './stores/tdmq-store';

/** Everything the emulated services read and change, one store per service. One per seed. */
export class EmulatorState {
  readonly seed: ParsedSeed;
  readonly credentials: ReadonlyMap<string, CredentialSeed>;
  readonly ecm: EcmStore;
  readonly ssm: SsmStore;
  readonly tdmq: TdmqStore;
  readonly cos: CosStore;
  readonly scf: ScfStore;
  readonly cam: CamStore;

  constructor(seed: ParsedSeed) {
    this.seed = seed;
    this.credentials = new Map(seed.credentials.map((c) => [c.secretId, c]));
    this.ecm = new EcmStore(seed);
    this.ssm = new SsmStore(seed);
    this.tdmq = new TdmqStore(seed);
    this.cos = new CosStore(seed);
    this.scf = new ScfStore(seed);
    this.cam = new CamStore(seed);
  }

  /** Brings time-driven state up to `now` (finished resets, settled functions); before each request and snapshot. */
  settle(now: number): void {
    this.ecm.settle(now);
    this.scf.settle(now);
  }
}
