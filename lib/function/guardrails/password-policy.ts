/**
 * Tencent's instance password rules. ResetInstances documents no rule of its own, so
 * these are the ECM ResetInstancesPassword rules, the closest documented ones.
 */

import type { OsFamily } from './os-family';

export type PasswordCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The special characters ECM accepts: ( ) ` ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? / */
export const PASSWORD_SPECIALS = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/";

interface Rule {
  readonly minLength: number;
  readonly maxLength: number;
  readonly minClasses: number;
  readonly classes: readonly { readonly name: string; readonly test: (c: string) => boolean }[];
}

const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isSpecial = (c: string): boolean => PASSWORD_SPECIALS.includes(c);

const RULES: Readonly<Record<OsFamily, Rule>> = {
  // Linux counts upper and lower case letters as ONE class.
  linux: {
    minLength: 8,
    maxLength: 16,
    minClasses: 2,
    classes: [
      { name: 'letters', test: (c) => isLower(c) || isUpper(c) },
      { name: 'digits', test: isDigit },
      { name: 'special characters', test: isSpecial },
    ],
  },
  windows: {
    minLength: 12,
    maxLength: 16,
    minClasses: 3,
    classes: [
      { name: 'lower-case letters', test: isLower },
      { name: 'upper-case letters', test: isUpper },
      { name: 'digits', test: isDigit },
      { name: 'special characters', test: isSpecial },
    ],
  },
};

/**
 * Checks a password against the rule for `osType`. The reason never quotes the
 * password (nor any character of it), so it is safe to log and to return to callers.
 */
export function checkInstancePassword(password: string, osType: OsFamily): PasswordCheck {
  const rule = RULES[osType];
  const chars = [...password];
  if (chars.length < rule.minLength || chars.length > rule.maxLength) {
    return { ok: false, reason: `a ${osType} password must be ${rule.minLength} to ${rule.maxLength} characters long` };
  }
  if (password.startsWith('/')) return { ok: false, reason: `a ${osType} password must not start with '/'` };
  if (chars.some((c) => !isLower(c) && !isUpper(c) && !isDigit(c) && !isSpecial(c))) {
    return {
      ok: false,
      reason: `a ${osType} password may only contain letters, digits and the special characters ${PASSWORD_SPECIALS}`,
    };
  }
  const present = rule.classes.filter((cls) => chars.some(cls.test)).length;
  if (present < rule.minClasses) {
    const names = rule.classes.map((cls) => cls.name).join(', ');
    return { ok: false, reason: `a ${osType} password needs at least ${rule.minClasses} of: ${names}` };
  }
  return { ok: true };
}
