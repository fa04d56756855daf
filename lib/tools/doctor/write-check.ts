/**
 * `--write-check`: which form of an ECM instance's resource name the account's Tag API takes. One
 * allowed instance is tagged `ecm-reset:probe` in the configured form (RESET_TAG_RESOURCE_FORM), then in
 * the other, and untagged after each; the result names the form to configure. CAM's table writes
 * `qcs::ecm::uin/<uin>:instance/<id>` (doc 598/57117); the Tag API's own table (doc 651/89122) could not be
 * read offline, hence the probe.
 */
import { TAG_RESOURCE_FORMS, type TagResourceForm } from '../../function/config/config';
import { instanceResource } from '../../function/tencent/tags';
import { type Cloud, errorCode, errorMessage, isDenied } from '../deploy/cloud';
import type { AllowedInstance } from './allowed';
import { type Check, fail, ok } from './report';

export const PROBE_TAG = { TagKey: 'ecm-reset:probe', TagValue: 'doctor' } as const;

type Tried = { readonly form: TagResourceForm; readonly accepted: boolean; readonly said: string; readonly denied: boolean };

async function tryForm(cloud: Cloud, form: TagResourceForm, resource: string): Promise<Tried> {
  try {
    const r = await cloud.tag.TagResources({ ResourceList: [resource], Tags: [{ ...PROBE_TAG }] });
    const failed = r.FailedResources?.[0];
    if (failed !== undefined) return { form, accepted: false, said: failed.Code ?? 'FailedResources', denied: false };
  } catch (e) {
    return { form, accepted: false, said: errorCode(e) ?? errorMessage(e), denied: isDenied(e) };
  }
  try {
    await cloud.tag.UnTagResources({ ResourceList: [resource], TagKeys: [PROBE_TAG.TagKey] });
    return { form, accepted: true, said: 'tagged and untagged', denied: false };
  } catch (e) {
    return {
      form,
      accepted: true,
      said: `tagged, but the probe tag could not be removed (${errorCode(e) ?? errorMessage(e)}): remove ${PROBE_TAG.TagKey} by hand`,
      denied: false,
    };
  }
}

export async function tagFormCheck(
  cloud: Cloud,
  configured: TagResourceForm,
  region: string,
  uin: string,
  allowed: readonly AllowedInstance[],
): Promise<Check> {
  const what = 'tag resource form';
  const instance = allowed[0];
  if (instance === undefined) return fail(what, 'no allowed instance to probe', 'make RESET_ALLOW match an instance');
  const order = [configured, ...TAG_RESOURCE_FORMS.filter((f) => f !== configured)];
  const tried: Tried[] = [];
  for (const form of order) tried.push(await tryForm(cloud, form, instanceResource(form, region, uin, instance.instanceId)));
  const said = tried.map((t) => `${t.form} ${t.accepted ? 'accepted' : `refused (${t.said})`}`).join(', ');
  const [first, second] = tried;
  if (first?.denied)
    return fail(
      what,
      `tag:TagResources denied on ${instance.instanceId} (${first.said})`,
      'grant tag:TagResources and tag:UnTagResources to the user running the doctor',
    );
  if (first?.accepted) return ok(what, `the account takes the ${configured} form (${said}) on ${instance.instanceId}`);
  if (second?.accepted)
    return fail(what, `the account refuses the configured ${configured} form and takes ${second.form} (${said})`, `set RESET_TAG_RESOURCE_FORM=${second.form}`);
  return fail(what, `neither form was taken on ${instance.instanceId} (${said})`, 'check tag:TagResources on ECM instances in the Tag console');
}
