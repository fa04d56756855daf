import { ApiError } from '../api-error';

/** Limits from the Tag docs (product 651/13354). */
export const TAG_LIMITS = {
  keyLength: 127,
  valueLength: 255,
  tagsPerResource: 50,
  /** "N取值范围：0~9" on ResourceList, Tags and TagKeys. */
  itemsPerRequest: 10,
} as const;

/** Letters (any script), digits, inner spaces and + - = . _ : / @ ( ) [ ] , ; > < 【 】 （ ） ：. */
const ALLOWED = /^[\p{L}\p{N} +\-=._:/@()[\],;><【】（）：]+$/u;
/** Tencent reserves these prefixes for its own tag keys. */
const RESERVED = /^(qcs:|qcloud|tencent|project)/i;

/** Throws the Tag API's error for an unacceptable key. */
export function checkTagKey(key: string): void {
  if (key === '') throw new ApiError('InvalidParameterValue.TagKeyEmpty', 'a tag key must not be empty');
  if ([...key].length > TAG_LIMITS.keyLength) {
    throw new ApiError('InvalidParameterValue.TagKeyLengthExceeded', `the tag key \`${key.slice(0, 20)}…\` is longer than ${TAG_LIMITS.keyLength} characters`);
  }
  if (!ALLOWED.test(key) || key.trim() !== key) {
    throw new ApiError('InvalidParameterValue.TagKeyCharacterIllegal', `the tag key \`${key}\` has a character tags do not allow (or leading/trailing spaces)`);
  }
  if (RESERVED.test(key)) throw new ApiError('InvalidParameterValue.ReservedTagKey', `the tag key \`${key}\` uses a prefix reserved by Tencent Cloud`);
}

/** Throws the Tag API's error for an unacceptable value (values need at least one character). */
export function checkTagValue(key: string, value: string): void {
  if ([...value].length > TAG_LIMITS.valueLength) {
    throw new ApiError('InvalidParameterValue.TagValueLengthExceeded', `the value of tag \`${key}\` is longer than ${TAG_LIMITS.valueLength} characters`);
  }
  if (value === '' || !ALLOWED.test(value) || value.trim() !== value) {
    throw new ApiError(
      'InvalidParameterValue.TagValueCharacterIllegal',
      `the value of tag \`${key}\` is empty or has a character tags do not allow (or leading/trailing spaces)`,
    );
  }
}

/** The parts of an ECM instance's resource name the emulator acts on. */
export interface EcmResourceName {
  /** Empty in CAM's form. */
  readonly region: string;
  readonly uin: string;
  readonly instanceId: string;
}

/**
 * Which six-segment form of an ECM instance's name the emulated account's Tag API takes (the seed's
 * `tagResourceForm`): `cam`, the form of CAM's ECM table with an empty region (`qcs::ecm::uin/<uin>:instance/<id>`,
 * CAM doc 598/57117), or `regional` (`qcs::ecm:<region>:uin/<uin>:instance/<id>`). The Tag API's own table (doc
 * 651/89122) was not readable offline; the emulator takes one form and refuses the other, so both code paths are tested.
 */
export type TagResourceForm = 'cam' | 'regional';

/** How an instance is named in `form` (what GetResources answers). */
export function resourceName(form: TagResourceForm, region: string, uin: string, instanceId: string): string {
  return `qcs::ecm:${form === 'cam' ? '' : region}:uin/${uin}:instance/${instanceId}`;
}

/** Parses a six-segment resource name; only ECM instances, named in the account's `form`, can be tagged in the emulator. */
export function parseResourceName(resource: string, form: TagResourceForm): EcmResourceName {
  const segments = resource.split(':');
  const [qcs, empty, service, region, account, resourcePart] = segments;
  if (segments.length !== 6 || qcs !== 'qcs' || empty !== '' || region === undefined || account === undefined || resourcePart === undefined) {
    throw new ApiError(
      'InvalidParameterValue.ResourceDescriptionError',
      `\`${resource}\` is not a six-segment resource name (${resourceName(form, '<region>', '<uin>', '<id>')})`,
    );
  }
  if (service !== 'ecm') throw new ApiError('InvalidParameterValue.ServiceTypeInvalid', `the emulator only tags ECM resources, not \`${service ?? ''}\``);
  if ((region === '') !== (form === 'cam')) {
    throw new ApiError(
      'InvalidParameterValue.ResourceDescriptionError',
      `\`${resource}\` ${region === '' ? 'has no region segment' : 'has a region segment'}; this account names ECM instances ${resourceName(form, '<region>', '<uin>', '<id>')}`,
    );
  }
  const uin = /^uin\/(\d+)$/.exec(account)?.[1];
  if (uin === undefined) throw new ApiError('InvalidParameterValue.UinInvalid', `\`${account}\` is not uin/<account id>`);
  const slash = resourcePart.indexOf('/');
  if (slash === -1 || resourcePart.slice(0, slash) !== 'instance') {
    throw new ApiError('InvalidParameterValue.ResourcePrefixInvalid', `\`${resourcePart}\` must be instance/<ein-id>`);
  }
  const instanceId = resourcePart.slice(slash + 1);
  if (!/^ein-[a-z0-9]{8}$/.test(instanceId)) throw new ApiError('InvalidParameterValue.ResourceIdInvalid', `\`${instanceId}\` is not an ECM instance id`);
  return { region, uin, instanceId };
}
