import { describe, expect, it } from 'vitest';
import { checkInstancePassword } from '../../../lib/function/guardrails/password-policy';

describe('checkInstancePassword', () => {
  it.each([
    ['letters and digits', 'abcdEF12'],
    ['letters and specials', 'abcdefg!'],
    ['digits and specials', '1234567#'],
    ['16 characters', 'abcdefghijklmn12'],
    ['specials and a digit', '()`~!@#$%^&*-+=1'],
    ['more specials', "a_|{}[]:;'<>,.?/"],
  ])('accepts a linux password with %s', (_name, password) => {
    expect(checkInstancePassword(password, 'linux')).toEqual({ ok: true });
  });

  it.each([
    ['7 characters', 'abcd123', /8 to 16/],
    ['17 characters', 'abcdefghijklmn123', /8 to 16/],
    ['a leading slash', '/abcdef12', /must not start with '\/'/],
    ['only letters (upper and lower are one class)', 'abcdEFGHij', /at least 2/],
    ['only digits', '1234567890', /at least 2/],
    ['a space', 'abcd 1234', /may only contain/],
    ['a non-ASCII letter', 'abcdé1234', /may only contain/],
    ['a double quote', 'abcd"1234', /may only contain/],
  ])('rejects a linux password with %s', (_name, password, reason) => {
    const result = checkInstancePassword(password, 'linux');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    ['lower, upper and digits', 'abcdefGHIJ12'],
    ['lower, digits and specials', 'abcdefgh12#$'],
    ['all four classes', 'Demo-Reset#2024x'],
  ])('accepts a windows password with %s', (_name, password) => {
    expect(checkInstancePassword(password, 'windows')).toEqual({ ok: true });
  });

  it.each([
    ['11 characters', 'abcDEF123#$', /12 to 16/],
    ['17 characters', 'abcDEF123#$abcDEF', /12 to 16/],
    ['two classes only', 'abcdefGHIJKL', /at least 3/],
    ['a leading slash', '/abcdefGHI123', /must not start/],
  ])('rejects a windows password with %s', (_name, password, reason) => {
    const result = checkInstancePassword(password, 'windows');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('never quotes the password in the reason', () => {
    for (const password of ['short', 'abcdefghijklmnopqrstuvwxyz', '/leadingSlash1', 'onlyletters', 'has space 123']) {
      for (const os of ['linux', 'windows'] as const) {
        const result = checkInstancePassword(password, os);
        if (!result.ok) expect(result.reason).not.toContain(password);
      }
    }
  });
});
