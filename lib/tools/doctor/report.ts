/** One line per check: `ok`, `warn` or `FAIL`, what was found, and for the last two the fix. */
export type Status = 'ok' | 'warn' | 'FAIL';

export interface Check {
  readonly status: Status;
  /** What was checked: `secret RESET_AUTH_SECRET`, `permission tag:TagResources`… */
  readonly name: string;
  readonly detail: string;
  readonly fix?: string;
}

export const ok = (name: string, detail: string): Check => ({ status: 'ok', name, detail });
export const warn = (name: string, detail: string, fix?: string): Check => ({ status: 'warn', name, detail, ...(fix === undefined ? {} : { fix }) });
export const fail = (name: string, detail: string, fix?: string): Check => ({ status: 'FAIL', name, detail, ...(fix === undefined ? {} : { fix }) });

/** `FAIL  permission tag:TagResources: denied (AuthFailure.UnauthorizedOperation) — fix: …` */
export const formatCheck = (c: Check): string => `${c.status.padEnd(4)}  ${c.name}: ${c.detail}${c.fix === undefined ? '' : ` — fix: ${c.fix}`}`;
