import * as v from 'valibot';
import { AppError, type ErrorCode, type Issue } from '../kernel/errors';

/** valibot issues as `{path, message}`, so a rejection says which field of the event was wrong. */
export function eventIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}

/** One line for logs and result messages: `what: path: message; …`. */
export function describeIssues(what: string, issues: readonly Issue[]): string {
  return `${what}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`;
}

/** An AppError for an input that failed its schema, carrying the issues. */
export function invalidEvent(code: ErrorCode, what: string, issues: readonly v.BaseIssue<unknown>[]): AppError {
  const list = eventIssues(issues);
  return new AppError(code, describeIssues(what, list), { issues: list });
}
