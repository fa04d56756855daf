import * as v from 'valibot';

/**
 * One injected failure. `action` is `Action`, `service:Action` or `*`. A fault with
 * `when: "after"` lets the action take effect first, which models ambiguous failures
 * (e.g. the connection drops after ResetInstances started the reinstall).
 */
export const FaultSchema = v.pipe(
  v.strictObject({
    action: v.pipe(v.string(), v.regex(/^(\*|([a-z]+:)?[A-Z][A-Za-z0-9]*)$/, 'action is "ResetInstances", "ecm:ResetInstances" or "*"')),
    code: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z]+(\.[A-Za-z0-9]+)*$/, 'code looks like "InternalError" or "FailedOperation.X"'))),
    message: v.optional(v.string()),
    httpStatus: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(100),
        v.maxValue(599),
        v.check((s) => s !== 200, 'httpStatus 200 is not a fault'),
      ),
    ),
    delayMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(600_000))),
    dropConnection: v.optional(v.literal(true)),
    times: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
    when: v.optional(v.picklist(['before', 'after']), 'before'),
  }),
  v.check(
    (f) => f.code !== undefined || f.httpStatus !== undefined || f.delayMs !== undefined || f.dropConnection === true,
    'a fault needs code, httpStatus, delayMs or dropConnection',
  ),
  v.check(
    (f) => [f.code !== undefined, f.httpStatus !== undefined, f.dropConnection === true].filter(Boolean).length <= 1,
    'code, httpStatus and dropConnection exclude each other (delayMs combines with any of them)',
  ),
);

export type FaultInput = v.InferInput<typeof FaultSchema>;
export type FaultSpec = v.InferOutput<typeof FaultSchema>;

/** A registered fault and how many more calls it will hit. */
export interface ActiveFault extends FaultSpec {
  readonly id: number;
  remaining: number;
}

/** Registry of injected faults; each hit consumes one of its `times`. */
export interface FaultInjector {
  add(fault: FaultInput): ActiveFault;
  list(): readonly ActiveFault[];
  clear(): number;
  /** The first fault for this call and phase, consumed; undefined when none applies. */
  take(service: string, action: string, when: 'before' | 'after'): ActiveFault | undefined;
}

export function createFaultInjector(): FaultInjector {
  let faults: ActiveFault[] = [];
  let nextId = 1;
  return {
    add(input) {
      const spec = v.parse(FaultSchema, input);
      const fault: ActiveFault = { ...spec, id: nextId++, remaining: spec.times };
      faults.push(fault);
      return fault;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear() {
      const count = faults.length;
      faults = [];
      return count;
    },
    take(service, action, when) {
      const fault = faults.find((f) => f.when === when && (f.action === '*' || f.action === action || f.action === `${service}:${action}`));
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return { ...fault };
    },
  };
}

/** A short description for the call log, e.g. `after: dropConnection`. */
export function describeFault(fault: FaultSpec): string {
  const effects = [
    fault.delayMs !== undefined ? `delayMs=${fault.delayMs}` : null,
    fault.code !== undefined ? `code=${fault.code}` : null,
    fault.httpStatus !== undefined ? `httpStatus=${fault.httpStatus}` : null,
    fault.dropConnection === true ? 'dropConnection' : null,
  ].filter((effect) => effect !== null);
  return `${fault.when}: ${effects.join(', ')}`;
}
