import type { InvokeDispatcher } from './invoke-dispatch';
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
  /** SCF Invoke's delivery to the registered handler. */
  readonly invoker: InvokeDispatcher;
  /** Runs `task` once the answer has been written (whatever it was): how Event invocations wait for Invoke to return. */
  readonly afterResponse: (task: () => void) => void;
}

/** Returns the response fields (without RequestId), or a promise of them, or throws an ApiError. */
export type ActionHandler = (params: unknown, ctx: ActionContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** One emulated API 3.0 product version. */
export interface ServiceDefinition {
  /** The endpoint prefix, e.g. `ecm`; also a valid credential-scope service. */
  readonly service: string;
  readonly version: string;
  /** SSM and TDMQ document X-TC-Region as required; ECM and Tag do not. */
  readonly requiresRegion: boolean;
  readonly actions: Readonly<Record<string, ActionHandler>>;
}
