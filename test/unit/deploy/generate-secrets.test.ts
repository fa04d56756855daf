import { describe, expect, it } from 'vitest';
import { checkInstancePassword, PASSWORD_SPECIALS } from '../../../lib/function/guardrails/password-policy';
import { generateCallerKeys, generatePassword } from '../../../lib/tools/deploy/generate-secrets';

describe('generatePassword', () => {
  const samples = Array.from({ length: 500 }, () => generatePassword());

  it('meets the Linux and the Windows rules every time (16 characters, four classes, no leading /)', () => {
    for (const password of samples) {
      expect(password).toHaveLength(16);
      expect(checkInstancePassword(password, 'linux')).toEqual({ ok: true });
      expect(checkInstancePassword(password, 'windows')).toEqual({ ok: true });
      expect(password.startsWith('/')).toBe(false);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect([...password].some((c) => PASSWORD_SPECIALS.includes(c))).toBe(true);
    }
  });

  it('is random (no two of 500 alike) and takes a length of 12 (the Windows minimum)', () => {
    expect(new Set(samples).size).toBe(samples.length);
    const short = generatePassword(12);
    expect(short).toHaveLength(12);
    expect(checkInstancePassword(short, 'windows')).toEqual({ ok: true });
  });
});

describe('generateCallerKeys', () => {
  it('is a JSON array with one key of 64 hex digits (the function takes keys of 16 characters or more)', () => {
    const keys = JSON.parse(generateCallerKeys()) as string[];
    expect(keys).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(generateCallerKeys()).not.toBe(generateCallerKeys());
  });
});
