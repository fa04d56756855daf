import { afterEach, describe, expect, it } from 'vitest';
import { TAG_RESOURCE_FORMS, type TagResourceForm } from '../../../lib/function/config/config';
import { createTags } from '../../../lib/function/tencent/tags';
import { type StartedEmulator, startEmulator } from '../../support/emulator';
import { type FunctionUnderTest, startFunction } from '../../support/function';

const UIN = '100012345678';
const other = (form: TagResourceForm): TagResourceForm => (form === 'cam' ? 'regional' : 'cam');

describe.each(TAG_RESOURCE_FORMS)('the Tag adapter on an account that takes the %s resource form', (form) => {
  let started: StartedEmulator;
  afterEach(() => started.close());

  const tagsOf = (id: string) =>
    Object.fromEntries(started.emulator.state.instances.find((i) => i.InstanceId === id)?.TagSet.map((t) => [t.Key, t.Value]) ?? []);

  it('tags an instance when configured with that form', async () => {
    started = await startEmulator({ tagResourceForm: form });
    const tags = createTags(started.clientConfig, { region: 'ap-guangzhou', uin: UIN, form });
    await tags.tagInstances(['ein-aaaaaaaa'], { 'ecm-reset:escalated': 'yes' });
    expect(tagsOf('ein-aaaaaaaa')).toMatchObject({ 'ecm-reset:escalated': 'yes' });
  });

  it('fails with the Tag API invalid-resource code when configured with the other form, and tags nothing', async () => {
    started = await startEmulator({ tagResourceForm: form });
    const tags = createTags(started.clientConfig, { region: 'ap-guangzhou', uin: UIN, form: other(form) });
    await expect(tags.tagInstances(['ein-aaaaaaaa'], { 'ecm-reset:escalated': 'yes' })).rejects.toMatchObject({
      tencentCode: 'InvalidParameterValue.ResourceDescriptionError',
    });
    expect(tagsOf('ein-aaaaaaaa')).not.toHaveProperty('ecm-reset:escalated');
  });
});

describe('the function without TENCENTCLOUD_REGION and TENCENTCLOUD_UIN in its environment (as deployed)', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it('runs with the region and UIN of the SCF context', async () => {
    fut = await startFunction({ env: { TENCENTCLOUD_REGION: '', TENCENTCLOUD_UIN: '' } });
    fut.restart();
    const answer = await fut.invoke(
      { instanceIds: ['ein-aaaaaaaa'], reason: 'context fallback', dryRun: true },
      { tencentcloud_region: 'ap-guangzhou', tencentcloud_uin: UIN },
    );
    expect(answer).toMatchObject({ type: 'reset.dry-run' });
  });

  it('fails naming both variables when the context does not have them either', async () => {
    fut = await startFunction({ env: { TENCENTCLOUD_REGION: '', TENCENTCLOUD_UIN: '' } });
    fut.restart();
    await expect(fut.invoke({ instanceIds: ['ein-aaaaaaaa'], reason: 'no context', dryRun: true })).rejects.toThrow(/TENCENTCLOUD_REGION.*TENCENTCLOUD_UIN/);
  });
});
