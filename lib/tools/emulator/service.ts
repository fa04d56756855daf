import type { CredentialSeed } from './seed';
import type { EmulatorState } from './state';

/** What an action handler gets besides its parameters. */
export interface ActionContext {
  readonly state: EmulatorState;
  /** Emulator clock, milliseconds. */
  readonly now: number;
  readonly requestId: string;
  readonly credential: CredentialSeed;
  readonly region: string | undefined;
}

/** Returns the response fields (without RequestId) or throws an ApiError. */
export type ActionHandler = (params: unknown, ctx: ActionContext) => Record<string, unknown>;

/** One emulated API 3.0 product version. */
export interface ServiceDefinition {
  /** The endpoint prefix, e.g. `ecm`; also a valid credential-scope service. */
  readonly service: string;
  readonly version: string;
  /** SSM and TDMQ document X-TC-Region as required; ECM and Tag do not. */
  readonly requiresRegion: boolean;
  readonly actions: Readonly<Record<string, ActionHandler>>;
}
