/** `npm run deploy`: the deploy command with this process's io (lib/tools/deploy/command.ts). */

import { deployCommand } from './command';
import { runWithProcessIo } from './process-io';

runWithProcessIo(deployCommand);
