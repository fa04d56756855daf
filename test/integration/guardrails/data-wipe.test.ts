import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { errorOf, expectRefused, http, mark, resetsSince, signed, slackEvent, startGuarded } from '../../support/guard-support';

describe('data safety: keepData false needs RESET_ALLOW_DATA_WIPE', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded();
  });
  afterAll(() => fut.close());

  it('refuses keepData: false with 403 and no reset', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], keepData: false, reason: 'wipe it' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body).code).toBe('Guard.DataWipe');
    expect(errorOf(r.body).message).toMatch(/keepData: false would wipe the data disks.*RESET_ALLOW_DATA_WIPE/);
    expectRefused(fut, m, 'Guard.DataWipe', /RESET_ALLOW_DATA_WIPE/);
  });

  it('refuses keep-data=false from Slack too', async () => {
    const m = mark(fut);
    const r = await http(fut, slackEvent(fut, { text: 'ein-aaaaaaaa keep-data=false -- wipe' }));
    expect(String(r.body['text'])).toMatch(/RESET_ALLOW_DATA_WIPE/);
    expectRefused(fut, m, 'Guard.DataWipe', /wipe the data disks/);
  });

  it('refuses it even as a dry run (the plan would not be allowed)', async () => {
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], keepData: false, dryRun: true, reason: 'wipe?' }));
    expect(r.status).toBe(403);
    expectRefused(fut, m, 'Guard.DataWipe', /RESET_ALLOW_DATA_WIPE/);
  });

  it('with RESET_ALLOW_DATA_WIPE=true the wipe is sent as KeepData "false"', async () => {
    fut.restart({ RESET_ALLOW_DATA_WIPE: 'true' });
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], keepData: false, reason: 'wipe allowed' }));
    expect(r.status).toBe(202);
    const resets = resetsSince(fut, m);
    expect(resets).toHaveLength(1);
    expect(resets[0]?.params).toMatchObject({ InstanceIdSet: ['ein-aaaaaaaa'], KeepData: 'false' });
  });
});
