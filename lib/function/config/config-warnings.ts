/**
 * Mistakes in the environment that are not errors: a `RESET_*` variable the function does not
 * read (a typo silently keeps the default: `RESET_COOLDWN=0` leaves a 3,600 s cooldown), and an
 * allow-list entry holding a `;` (entries are separated by commas; a tag value may legally hold a
 * `;`, so it is a hint, not a refusal). Pure: the function logs them once per container, and
 * `npm start`, `invoke` and `doctor` print them.
 */
import { closestName } from '../kernel/closest-name';
import { CONFIG_VARIABLES } from './config';

export interface UnknownVariable {
  name: string;
  /** The known variable it is most likely a typo of, or null when none is near. */
  closest: string | null;
}

export interface ConfigWarning {
  code: 'config.unknown-variable' | 'config.allow-separator';
  variable: string;
  message: string;
}

const KNOWN_RESET = CONFIG_VARIABLES.filter((name) => name.startsWith('RESET_'));

/** `RESET_*` names set in `env` that the configuration does not read (`alsoKnown`: names a tool reads itself). */
export function unknownVariables(env: Readonly<Record<string, string | undefined>>, alsoKnown: readonly string[] = []): UnknownVariable[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('RESET_') && env[name] !== undefined && !KNOWN_RESET.includes(name) && !alsoKnown.includes(name))
    .sort()
    .map((name) => ({ name, closest: closestName(name, KNOWN_RESET) }));
}

/** RESET_ALLOW entries (comma-separated) that hold a `;`. */
export function semicolonEntries(allow: string | undefined): string[] {
  return (allow ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.includes(';'));
}

/** Every warning about `env`, one line each, naming variables, never their values (an allow-list entry is no secret). */
export function configWarnings(env: Readonly<Record<string, string | undefined>>, alsoKnown: readonly string[] = []): ConfigWarning[] {
  const unknown = unknownVariables(env, alsoKnown).map(
    (u): ConfigWarning => ({
      code: 'config.unknown-variable',
      variable: u.name,
      message: `${u.name} is not a variable ecm-reset reads${u.closest === null ? '' : `; did you mean ${u.closest}?`} (it is ignored)`,
    }),
  );
  const separators = semicolonEntries(env['RESET_ALLOW']).map(
    (entry): ConfigWarning => ({
      code: 'config.allow-separator',
      variable: 'RESET_ALLOW',
      message: `RESET_ALLOW entry ${JSON.stringify(entry.length > 80 ? `${entry.slice(0, 80)}…` : entry)} holds a ";": entries are separated by commas (${entry.split(';').join(',')}); as written it is one entry, and a tag value with a ";" is rarely meant`,
    }),
  );
  return [...unknown, ...separators];
}
