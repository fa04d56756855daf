/** `npm run doctor`: the doctor command with this process's io (lib/tools/doctor/command.ts). */
import { runWithProcessIo } from '../deploy/process-io';
import { doctorCommand } from './command';

runWithProcessIo(doctorCommand);
