import type { EcmImage, EcmInstance } from '../ports/cloud-ports';
import { type Decision, refuse } from './decision';

/**
 * ECM refuses a 32-bit image on 4 GB or more (InvalidParameterValue.InvalidImageArchitecture,
 * ResetInstances' error table) and fails the whole call for it: foreseen here, so a mixed fleet
 * is not bisected call by call to find them.
 */
export function imageRefusals(image: EcmImage | null, instances: readonly EcmInstance[]): Decision[] {
  if (image?.architecture !== 'i386') return [];
  return instances
    .filter((i) => typeof i.memoryGb === 'number' && i.memoryGb >= 4)
    .map((i) =>
      refuse(
        i.instanceId,
        'Request.Invalid',
        `${image.imageId} is a 32-bit (i386) image and ${i.instanceId} has ${String(i.memoryGb)} GB of memory; ECM installs 32-bit images only below 4 GB (InvalidParameterValue.InvalidImageArchitecture)`,
      ),
    );
}
