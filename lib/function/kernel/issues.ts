import * as v from 'valibot';
import { AppError, type ErrorCode, type Issue } from './errors';

/** valibot issues as `{path, message}`, so a refusal says which field was wrong. */
export function issuesOf(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}

/** One line for logs and result messages: `what: path: message; …`. */
export function describeIssues(what: string, issues: readonly Issue[]): string {
  return `${what}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`;
}

/** An AppError for an input that failed its schema, carrying the issues. */
export function invalidInput(code: ErrorCode, what: string, issues: readonly v.BaseIssue<unknown>[]): AppError {
  const list = issuesOf(issues);
  return new AppError(code, describeIssues(what, list), { issues: list });
}
