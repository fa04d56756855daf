/**
 * The emulator's own copy of ECM's instance password rules, written from Tencent's docs and not
 * shared with the function, so a wrong rule in either is caught by the other's tests.
 *
 * Source: ECM ResetInstancesPassword, `Password` (doc https://cloud.tencent.com/document/api/1108/43707;
 * tencentcloud-sdk-nodejs `ecm_models.ts`): Linux 8–16 characters with at least two of letters,
 * digits and ( ) ` ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? /; Windows 12–16 with at least
 * three of lower-case, upper-case, digits and those specials; neither may start with `/`; a batch
 * holding a Windows instance is held to the Windows rule. ResetInstances states no rule of its own.
 */
export type PasswordFamily = 'linux' | 'windows';

const ALLOWED = /^[A-Za-z0-9()`~!@#$%^&*\-+=_|{}[\]:;'<>,.?/]+$/;
const SPECIAL = /[()`~!@#$%^&*\-+=_|{}[\]:;'<>,.?/]/;

const TABLE: Record<PasswordFamily, { min: number; max: number; classes: RegExp[]; need: number }> = {
  linux: { min: 8, max: 16, classes: [/[A-Za-z]/, /[0-9]/, SPECIAL], need: 2 },
  windows: { min: 12, max: 16, classes: [/[a-z]/, /[A-Z]/, /[0-9]/, SPECIAL], need: 3 },
};

/** Why ECM would refuse `password` for this family, or null when it accepts it. */
export function passwordRefusal(password: string, family: PasswordFamily): string | null {
  const rule = TABLE[family];
  const length = [...password].length;
  if (length < rule.min || length > rule.max) return `${family} passwords are ${rule.min}-${rule.max} characters`;
  if (password[0] === '/') return 'the password starts with /';
  if (!ALLOWED.test(password)) return 'the password holds a character outside letters, digits and the allowed specials';
  const classes = rule.classes.filter((c) => c.test(password)).length;
  if (classes < rule.need) return `${family} passwords need ${rule.need} character classes`;
  return null;
}

/** The family a reset's OS follows: free text such as `Windows Server 2019` counts as Windows. */
export const familyOf = (osType: string): PasswordFamily => (/windows/i.test(osType) ? 'windows' : 'linux');

/** The rule a whole batch is held to: Windows' when any of its targets runs Windows. */
export const batchFamily = (osTypes: Iterable<string>): PasswordFamily => ([...osTypes].some((os) => familyOf(os) === 'windows') ? 'windows' : 'linux');
