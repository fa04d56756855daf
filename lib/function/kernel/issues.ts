import * as v from 'valibot';
import { echo } from './echo';
import { AppError, type ErrorCode, type Issue } from './errors';

/** The most issues an error carries; the rest are counted in one more issue. */
export const MAX_ISSUES = 20;
/** Longest issue path and message (characters): a path may hold a caller's key, a message its value. */
export const MAX_ISSUE_PATH = 128;
export const MAX_ISSUE_MESSAGE = 256;

const shortIssue = (i: Issue): Issue => ({ path: echo(i.path, MAX_ISSUE_PATH), message: echo(i.message, MAX_ISSUE_MESSAGE) });

/** The issue that stands for the ones left off. */
export const moreIssues = (more: number): Issue => ({ path: '', message: `and ${more} more issue${more === 1 ? '' : 's'}` });

/**
 * Bounds a list of issues: the first `max` (each path and message shortened with `echo`), then one
 * issue saying how many more there were. A body with 10,000 bad fields gives 21 issues, not 10,000.
 */
export function capIssues(issues: readonly Issue[], max = MAX_ISSUES): Issue[] {
  const kept = issues.slice(0, max).map(shortIssue);
  return issues.length > max ? [...kept, moreIssues(issues.length - max)] : kept;
}

/** valibot issues as `{path, message}`, so a refusal says which field was wrong; bounded as `capIssues` does. */
export function issuesOf(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  const kept = issues.slice(0, MAX_ISSUES).map((issue) => shortIssue({ path: v.getDotPath(issue) ?? '', message: issue.message }));
  return issues.length > MAX_ISSUES ? [...kept, moreIssues(issues.length - MAX_ISSUES)] : kept;
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
