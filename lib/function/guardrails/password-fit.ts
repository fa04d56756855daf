import type { EcmImage, EcmInstance } from '../ports/cloud-ports';
import { type Decision, refuse } from './decision';
import { type OsFamily, osFamily } from './os-family';
import { checkInstancePassword } from './password-policy';

/** The OS family an instance will run: the new image's when the request names one, else its own. */
export const targetOs = (image: EcmImage | null, instance: EcmInstance): OsFamily => osFamily(image?.osType ?? instance.osType);

/** OS family → why the password breaks its rules; families it fits are absent. */
export function passwordProblems(password: string, families: Iterable<OsFamily>, secretName: string): Map<OsFamily, string> {
  const problems = new Map<OsFamily, string>();
  for (const os of new Set(families)) {
    const check = checkInstancePassword(password, os);
    if (!check.ok) problems.set(os, `the password in ${secretName} does not meet the ${os} password rules: ${check.reason}`);
  }
  return problems;
}

/** Instances whose OS refuses the password (Password.Policy); the others keep their reset. */
export function passwordRefusals(problems: ReadonlyMap<OsFamily, string>, instances: readonly EcmInstance[], image: EcmImage | null): Decision[] {
  return instances.flatMap((i) => {
    const why = problems.get(targetOs(image, i));
    return why === undefined ? [] : [refuse(i.instanceId, 'Password.Policy', why)];
  });
}
