import { familyOf } from './rules/password-rules';
import type { ImageSeed } from './seed';
import type { InstanceRecord } from './state';

/** ECM `Image` as DescribeInstances shows it. */
export interface ImageView {
  readonly ImageId: string;
  readonly ImageName: string;
  readonly ImageState: string;
  readonly ImageType: string;
  readonly ImageSource: string;
  readonly OsType: string;
  readonly Architecture: string;
  readonly Platform: string;
}

/** ECM `Instance` with the fields the emulator models (names as in ecm_models.d.ts). */
export interface InstanceView {
  readonly InstanceId: string;
  readonly InstanceName: string;
  readonly InstanceState: string;
  readonly UUID: string;
  readonly Image: ImageView | null;
  readonly InstanceTypeConfig: { readonly Memory: number };
  readonly TagSet: readonly { readonly Key: string; readonly Value: string }[];
  readonly LatestOperation: string | null;
  readonly LatestOperationState: string | null;
  readonly RestrictState: string;
  readonly CreateTime: string;
}

const IMAGE_TYPE: Readonly<Record<ImageSeed['kind'], string>> = {
  public: 'PUBLIC_IMAGE',
  custom: 'PRIVATE_IMAGE',
  shared: 'SHARED_IMAGE',
  imported: 'PRIVATE_IMAGE',
};

const IMAGE_SOURCE: Readonly<Record<ImageSeed['kind'], string>> = {
  public: 'OFFICIAL',
  custom: 'CREATEIMAGE',
  shared: 'CREATEIMAGE',
  imported: 'EXTERNAL_IMPORT',
};

/**
 * ECM `Image`. DescribeImage names the OS as a distribution (`osType` as seeded: `CentOS`, `Windows Server 2019`);
 * the Image inside DescribeInstances' Instance reports the family, `linux` or `windows` (the CLI's ECM
 * DescribeInstances example): `osType` is what to put there.
 */
export function imageView(image: ImageSeed, osType: string = image.osType): ImageView {
  const platform = image.platform ?? (familyOf(image.osType) === 'windows' ? 'Windows' : 'CentOS');
  return {
    ImageId: image.imageId,
    ImageName: image.imageName ?? `${platform} ${image.architecture === 'i386' ? '32' : '64'}-bit (${image.kind})`,
    ImageState: 'NORMAL',
    ImageType: IMAGE_TYPE[image.kind],
    ImageSource: IMAGE_SOURCE[image.kind],
    OsType: osType,
    Architecture: image.architecture,
    Platform: platform,
  };
}

/** What DescribeInstances (and the admin state) shows for one instance. */
export function instanceView(instance: InstanceRecord, images: ReadonlyMap<string, ImageSeed>): InstanceView {
  const image = images.get(instance.imageId);
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.instanceName,
    InstanceState: instance.state,
    UUID: instance.uuid,
    Image: image === undefined ? null : imageView(image, familyOf(image.osType)),
    InstanceTypeConfig: { Memory: instance.memoryGb },
    TagSet: [...instance.tags].map(([Key, Value]) => ({ Key, Value })),
    LatestOperation: instance.latestOperation,
    LatestOperationState: instance.latestOperationState,
    RestrictState: 'NORMAL',
    CreateTime: instance.createTime,
  };
}
