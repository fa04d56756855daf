/** Calls `onChange` once per burst of changes to TypeScript files under the directories (recursive fs.watch). */
import { type FSWatcher, watch } from 'node:fs';
import { join, relative } from 'node:path';

const QUIET_MS = 150;

export function watchSources(dirs: readonly string[], onChange: (file: string) => void, root = process.cwd()): { close(): void } {
  let timer: NodeJS.Timeout | null = null;
  let last = '';
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(dir, { recursive: true }, (_event, name) => {
      if (name === null || !/\.(ts|mts|cts|js|mjs|cjs|json)$/.test(name)) return;
      last = relative(root, join(dir, name.toString()));
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        onChange(last);
      }, QUIET_MS);
    }),
  );
  return {
    close: () => {
      if (timer !== null) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
