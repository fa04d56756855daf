#!/usr/bin/env node
// `npx ecm-reset <command>`: the package's bin. The tooling is TypeScript run as-is: tsx's loader is
// registered in this process (no child process, so signals, stdin and exit codes are the command's own).
import module from 'node:module';

if (typeof module.register !== 'function') {
  process.stderr.write(`ecm-reset's tooling needs node 18.19+ or 20.6+ (module.register); this is ${process.version}\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
