import { describe, expect, it } from 'vitest';
import { parseAuthKeys } from '../../../lib/function/http/auth-keys';
import { AppError } from '../../../lib/function/kernel/errors';

const KEY_A = 'test-key-0123456789abcdef';
const KEY_B = 'second-key-fedcba9876543210';

function expectInvalid(secretValue: string, message: RegExp): void {
  const result = parseAuthKeys(secretValue);
  expect(result).toBeInstanceOf(AppError);
  const error = result as AppError;
  expect(error.code).toBe('Config.Invalid');
  expect(error.message).toMatch(message);
  expect(error.cause).toBeUndefined();
  for (const fragment of ['short-key', 'abcdefgh', KEY_A, KEY_B]) expect(error.message).not.toContain(fragment);
}

describe('parseAuthKeys', () => {
  it('reads a plain key as a rotation set of one', () => {
    expect(parseAuthKeys(KEY_A)).toEqual([KEY_A]);
  });

  it('ignores the newline a secret pasted from a terminal ends with', () => {
    expect(parseAuthKeys(`${KEY_A}\n`)).toEqual([KEY_A]);
  });

  it('reads a JSON array as the rotation set, in order and without duplicates', () => {
    expect(parseAuthKeys(JSON.stringify([KEY_A, KEY_B, KEY_A]))).toEqual([KEY_A, KEY_B]);
  });

  it('rejects an empty secret', () => {
    expectInvalid('  \n', /empty/);
  });

  it('rejects an empty array', () => {
    expectInvalid('[]', /empty array/);
  });

  it('rejects an array entry that is not a string, naming its position', () => {
    expectInvalid(JSON.stringify([KEY_A, 42]), /entry 1 is not a string/);
  });

  it('rejects a plain key shorter than 16 characters without quoting it', () => {
    expectInvalid('short-key', /key is shorter than 16/);
  });

  it('rejects a short key inside the array, naming its position but not the key', () => {
    expectInvalid(JSON.stringify([KEY_A, 'short-key']), /entry 1 is shorter than 16/);
  });

  it('rejects an array entry that is only whitespace', () => {
    expectInvalid(JSON.stringify([KEY_A, '   ']), /entry 1 is shorter than 16/);
  });

  it('rejects broken JSON without repeating the parser message, which quotes the input', () => {
    expectInvalid(`["${KEY_A}", abcdefgh]`, /not valid JSON/);
  });

  it('rejects a JSON object instead of reading it as one long key', () => {
    expectInvalid(JSON.stringify({ keys: [KEY_A] }), /not a JSON object/);
  });
});
