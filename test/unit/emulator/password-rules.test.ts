import { describe, expect, it } from 'vitest';
import { checkInstancePassword } from '../../../lib/function/guardrails/password-policy';
import { batchFamily, familyOf, passwordRefusal } from '../../../lib/tools/emulator/rules/password-rules';

/** Cases read from ECM's password rules (doc 1108/43707): [password, linux accepts, windows accepts]. */
const CASES: readonly [string, boolean, boolean][] = [
  ['abcdEF12', true, false],
  ['abcdefg!', true, false],
  ['1234567#', true, false],
  ['abcdefghijklmn12', true, false],
  ['()`~!@#$%^&*-+=1', true, false],
  ["a_|{}[]:;'<>,.?/", true, false],
  ['abcd123', false, false],
  ['abcdefghijklmn123', false, false],
  ['/abcdef12', false, false],
  ['abcdEFGHij', false, false],
  ['1234567890', false, false],
  ['abcd 1234', false, false],
  ['abcdé1234', false, false],
  ['abcd"1234', false, false],
  ['abcdefGHIJ12', true, true],
  ['abcdefgh12#$', true, true],
  ['Demo-Reset#2024x', true, true],
  ['abcDEF123#$', true, false],
  ['abcDEF123#$abcDEF', false, false],
  ['abcdefGHIJKL', false, false],
  ['/abcdefGHI123', false, false],
];

describe("the emulator's own password rules", () => {
  it.each(CASES)('judges %s as the docs say (linux %s, windows %s)', (password, linux, windows) => {
    expect(passwordRefusal(password, 'linux') === null).toBe(linux);
    expect(passwordRefusal(password, 'windows') === null).toBe(windows);
  });

  it("agrees with the function's rulebook on every case, so a wrong rule in either shows", () => {
    for (const [password] of CASES) {
      for (const os of ['linux', 'windows'] as const) expect(passwordRefusal(password, os) === null).toBe(checkInstancePassword(password, os).ok);
    }
  });

  it('holds a batch to the windows rule when any of its targets runs Windows', () => {
    expect(batchFamily(['linux', 'windows', 'linux'])).toBe('windows');
    expect(batchFamily(['linux', 'linux'])).toBe('linux');
    expect(batchFamily([])).toBe('linux');
    expect(familyOf('Windows Server 2019 数据中心版 64位中文版')).toBe('windows');
    expect(familyOf('CentOS')).toBe('linux');
  });
});
