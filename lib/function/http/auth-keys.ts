/**
 * The HMAC keys of HTTP callers, read from the SSM secret named by `RESET_AUTH_SECRET`: a JSON
 * array of keys (several at once while rotating) or one plain key. Messages name the problem
 * and the entry's position, never the key itself.
 */
import { AppError } from '../kernel/errors';

/** Shorter keys are guessable offline from a single captured signature. */
export const MIN_AUTH_KEY_LENGTH = 16;

/**
 * The rotation set, in order, without duplicates. Surrounding whitespace is not part of a key
 * (secret values pasted from a terminal often end in a newline); the CLI trims the same way.
 * A plain key therefore cannot start with `[` or `{`: those values are read as JSON.
 */
export function parseAuthKeys(secretValue: string): string[] | AppError {
  const value = secretValue.trim();
  if (value === '') return invalid('RESET_AUTH_SECRET is empty');
  if (value.startsWith('{')) {
    return invalid('RESET_AUTH_SECRET must be a JSON array of keys or one plain key, not a JSON object');
  }
  if (!value.startsWith('[')) return checkKeys([value]);

  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // The parser's own message quotes the input, i.e. key material: it is neither kept nor chained.
    return invalid('RESET_AUTH_SECRET looks like a JSON array but is not valid JSON');
  }
  if (!Array.isArray(parsed)) return invalid('RESET_AUTH_SECRET must be a JSON array of keys');
  if (parsed.length === 0) return invalid('RESET_AUTH_SECRET holds an empty array: at least one key is required');
  const keys: string[] = [];
  for (const [index, entry] of parsed.entries()) {
    if (typeof entry !== 'string') return invalid(`RESET_AUTH_SECRET entry ${index} is not a string`);
    keys.push(entry.trim());
  }
  return checkKeys(keys);
}

function checkKeys(keys: readonly string[]): string[] | AppError {
  for (const [index, key] of keys.entries()) {
    if (key.length < MIN_AUTH_KEY_LENGTH) {
      const which = keys.length === 1 ? 'the key' : `entry ${index}`;
      return invalid(`RESET_AUTH_SECRET: ${which} is shorter than ${MIN_AUTH_KEY_LENGTH} characters`);
    }
  }
  return [...new Set(keys)];
}

function invalid(message: string): AppError {
  return new AppError('Config.Invalid', message);
}
