/**
 * SCF Invoke delivery. The emulator cannot run a function's zip, so whoever runs the emulator (the dev
 * stack, a test) registers a handler that stands for the function; Invoke hands it the event.
 */

/** One invocation as a handler receives it. */
export interface Invocation {
  readonly functionName: string;
  readonly namespace: string;
  readonly qualifier: string;
  /** `ClientContext`, parsed: the function's `event`. */
  readonly event: unknown;
  readonly type: 'Event' | 'RequestResponse';
}

/** Stands for the function: its result is the function's return value, a rejection its error. */
export type InvokeHandler = (invocation: Invocation) => Promise<unknown>;

/** What the emulator remembers of an invocation (the SCF store keeps them; `GET /_emulator/state` shows them). */
export interface InvocationRecord {
  /** The `FunctionRequestId` Invoke answered. */
  readonly id: string;
  /** ISO-8601, emulator clock. */
  readonly time: string;
  readonly functionName: string;
  readonly namespace: string;
  readonly qualifier: string;
  readonly type: 'Event' | 'RequestResponse';
  /** Bytes of ClientContext (UTF-8). */
  readonly eventBytes: number;
  /** pending: not (yet) handled, or no handler; delivered: the handler resolved; failed: it rejected (or none for a synchronous call). */
  status: 'pending' | 'delivered' | 'failed';
  error: string | null;
}

/** Holds the registered handler and the Event deliveries still running. */
export class InvokeDispatcher {
  handler: InvokeHandler | null;
  private readonly inflight = new Set<Promise<void>>();

  constructor(handler: InvokeHandler | null = null) {
    this.handler = handler;
  }

  /** Runs `handler` for a recorded invocation and writes the outcome on the record; never rejects. */
  run(handler: InvokeHandler, record: InvocationRecord, invocation: Invocation): Promise<unknown> {
    const running = handler(invocation).then(
      (result) => {
        record.status = 'delivered';
        return result;
      },
      (error: unknown) => {
        record.status = 'failed';
        record.error = error instanceof Error ? error.message : String(error);
        throw error;
      },
    );
    const tracked = running.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
    return running;
  }

  /** Resolves once every delivery started so far (and any they started) has finished. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }
}
