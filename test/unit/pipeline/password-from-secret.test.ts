import { describe, expect, it } from 'vitest';
import { passwordFromSecret } from '../../../lib/function/pipeline/fetch-password';
import { generatePassword } from '../../../lib/tools/deploy/generate-secrets';

describe('passwordFromSecret', () => {
  it('reads plain text, ignoring the whitespace of a pasted value', () => {
    expect(passwordFromSecret('Demo-Reset#2024x\n')).toBe('Demo-Reset#2024x');
  });

  it('reads JSON {"password": …}', () => {
    expect(passwordFromSecret('{"password":"Demo-Reset#2024x","note":"rotated"}')).toBe('Demo-Reset#2024x');
  });

  it('refuses JSON without a password, and an empty secret', () => {
    expect(passwordFromSecret('{"pass":"x"}')).toBeNull();
    expect(passwordFromSecret('{"password":42}')).toBeNull();
    expect(passwordFromSecret('  \n')).toBeNull();
  });

  it('takes a password that starts with "{" but is no JSON as plain text ("{" is an allowed special)', () => {
    expect(passwordFromSecret('{Ab3-x9}kLm!pq2Z')).toBe('{Ab3-x9}kLm!pq2Z');
  });

  it('reads back every password deploy --setup generates', () => {
    for (let i = 0; i < 2000; i += 1) {
      const password = generatePassword();
      expect(passwordFromSecret(password)).toBe(password);
    }
  });
});
