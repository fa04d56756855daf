#!/usr/bin/env node
// `npx ecm-reset <command>`: the package's bin. The tooling is TypeScript run as-is: tsx's loader is
// registered in this process (no child process, so signals, stdin and exit codes are the command's own).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
