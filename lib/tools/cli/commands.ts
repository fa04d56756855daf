/**
 * The CLI's commands, in the order `npx ecm-reset --help` lists them. Each lives with its code and
 * exports a CliCommand. `test` is npm's own (`npm test`), not a subcommand.
 */
import { benchCommand } from '../../../bench/command';
import { buildCommand, packageCommand } from '../build/build';
import { callCommand } from '../client/call-cli';
import * as deploy from '../deploy/command';
import { eventCommand } from '../dev/events/command';
import { invokeCommand } from '../dev/invoke-command';
import { startCommand } from '../dev/start-command';
import * as doctor from '../doctor/command';
import { emulatorCommand } from '../emulator/command';
import type { CliCommand } from './command';

const isCommand = (value: unknown): value is CliCommand =>
  typeof value === 'object' && value !== null && typeof (value as CliCommand).name === 'string' && typeof (value as CliCommand).run === 'function';

/** Every CliCommand a module exports (for modules whose export names this file does not fix). */
export const commandsOf = (module: Readonly<Record<string, unknown>>): CliCommand[] => Object.values(module).filter(isCommand);

export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  buildCommand,
  packageCommand,
  invokeCommand,
  eventCommand,
  emulatorCommand,
  callCommand,
  ...commandsOf(doctor),
  ...commandsOf(deploy),
  benchCommand,
];
