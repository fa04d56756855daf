import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The SDK client methods the project calls: every `.PascalCase(` call in the SDK adapters
 * (lib/tencent/*.ts, the only files that import SDK clients). The bundle keeps only these
 * methods of each client class; the SDK's clients carry 300+ one-line wrappers we never call.
 */
export function usedActions(tencentDir: string): Set<string> {
  const actions = new Set<string>();
  for (const file of readdirSync(tencentDir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(tencentDir, file), 'utf8');
    for (const m of source.matchAll(/\.([A-Z][A-Za-z0-9]+)\(/g)) if (m[1] !== undefined) actions.add(m[1]);
  }
  return actions;
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
