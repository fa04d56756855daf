import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `client.request('Action', …)` (or `requestOctetStream`): the action is the first argument. */
const REQUEST_CALL = /\.request(?:OctetStream)?\(\s*(?:'([A-Z][A-Za-z0-9]*)'|"([A-Z][A-Za-z0-9]*)"|(?=[^'"\s]))/g;
/** `client.Action(…)`: a generated wrapper, called directly. */
const WRAPPER_CALL = /\.([A-Z][A-Za-z0-9]+)\(/g;

/**
 * The SDK actions the project calls, from the SDK adapters' source (lib/function/tencent/*.ts,
 * the only files that import SDK clients): every `client.request('Action', …)` (how the adapters
 * call, so each call can take an abort signal) and every `client.Action(…)` wrapper call. The
 * bundle keeps only these wrappers of each client class (the SDK's clients carry 300+ one-line
 * wrappers we never call), and examples/cam-policy.template.json must grant exactly these actions.
 * Throws on a `request(` whose action is not a string literal: the scan could not see it, so
 * neither the policy check nor the pruning would be right.
 */
export function usedActions(tencentDir: string): Set<string> {
  const actions = new Set<string>();
  for (const file of readdirSync(tencentDir).filter((f) => f.endsWith('.ts'))) {
    for (const action of actionsIn(readFileSync(join(tencentDir, file), 'utf8'), file)) actions.add(action);
  }
  return actions;
}

/** The actions one source file calls, comments left out (see usedActions); `file` names it in the error. */
export function actionsIn(source: string, file = 'source'): string[] {
  const found: string[] = [];
  // Comments may show calls as examples: only code counts. (A `//` after a `:` is a URL's, not a comment.)
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(REQUEST_CALL)) {
    const action = m[1] ?? m[2];
    if (action === undefined) throw new Error(`${file}: a request( call whose action is not a literal name; write client.request('Action', …)`);
    found.push(action);
  }
  for (const m of code.matchAll(WRAPPER_CALL)) if (m[1] !== undefined) found.push(m[1]);
  return found;
}

/** One API wrapper of a generated client class, with its doc comment. */
const METHOD = /\n {4}(?:\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n {4})?async (\w+)\(req, cb\) \{\n {8}return this\.request(?:OctetStream)?\("\w+", req, cb\);\n {4}\}/g;

/**
 * A generated client (`services/<svc>/<version>/<svc>_client.js`) without the wrappers of
 * actions nobody calls. Returns null when the file does not have the expected shape, so
 * the caller keeps it whole rather than guess.
 */
export function pruneClient(source: string, keep: ReadonlySet<string>): { source: string; kept: string[]; removed: number } | null {
  const kept: string[] = [];
  let removed = 0;
  const pruned = source.replace(METHOD, (method, name: string) => {
    if (keep.has(name)) {
      kept.push(name);
      return method;
    }
    removed += 1;
    return '';
  });
  if (removed === 0 || !/class Client extends/.test(pruned)) return null;
  return { source: pruned, kept, removed };
}
