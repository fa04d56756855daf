import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import {
  expectRefused,
  expectUnauthenticated,
  http,
  mark,
  nowSeconds,
  resetsSince,
  SLACK_CHANNEL,
  SLACK_SECRET,
  SLACK_USER,
  slackEvent,
  startGuarded,
} from '../../support/guard-support';

const slackText = (body: Record<string, unknown>): string => String(body['text']);

describe('POST /slack: Slack v0 signing and the user/channel allow-list', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0' } });
  });
  afterAll(() => fut.close());
  // Each reset keeps its instance OPERATING for a few emulated seconds.
  beforeEach(() => fut.clock.advance(60_000));

  it('runs the command for the allowed user in the allowed channel', async () => {
    const m = mark(fut);
    const r = await http(fut, slackEvent(fut, { text: 'ein-aaaaaaaa -- disk full' }));
    expect(r.status).toBe(200);
    expect(r.body['response_type']).toBe('in_channel');
    expect(slackText(r.body)).toMatch(/reset\.accepted/);
    expect(resetsSince(fut, m)).toHaveLength(1);
    const [msg] = fut.messages().slice(m.messages);
    expect(msg).toMatchObject({ type: 'reset.accepted', trigger: { kind: 'slack' }, request: { requestedBy: `slack:alice (${SLACK_USER})` } });
  });

  it('refuses a missing signature with 401 and publishes nothing', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, slackEvent(fut, { text: 'ein-aaaaaaaa -- x' }, { signature: null })), /Missing Slack signature/);
  });

  it('refuses a form signed with another secret', async () => {
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, slackEvent(fut, { text: 'ein-aaaaaaaa -- x' }, { secret: 'not-the-signing-secret' })), /Bad Slack signature/);
  });

  it('refuses a form changed after signing', async () => {
    const m = mark(fut);
    const event = slackEvent(fut, { text: 'ein-aaaaaaaa -- x' });
    event['body'] = String(event['body']).replace('ein-aaaaaaaa', 'ein-bbbbbbbb');
    expectUnauthenticated(fut, m, await http(fut, event), /Bad Slack signature/);
  });

  it('refuses a request older than five minutes', async () => {
    const m = mark(fut);
    expectUnauthenticated(
      fut,
      m,
      await http(fut, slackEvent(fut, { text: 'ein-aaaaaaaa -- x' }, { timestamp: nowSeconds(fut) - 301 })),
      /Stale Slack request.*300 s/,
    );
  });

  it('refuses the same signed request replayed within the window', async () => {
    const event = slackEvent(fut, { text: 'ein-bbbbbbbb dry-run -- replay check' });
    const first = await http(fut, event);
    expect(first.status).toBe(200);
    const m = mark(fut);
    expectUnauthenticated(fut, m, await http(fut, event), /Replayed Slack request/);
  });

  it('a signed form that is not a slash command (no user_id) is refused and the refusal published', async () => {
    const m = mark(fut);
    const raw = new URLSearchParams({ team_id: 'T0001', channel_id: SLACK_CHANNEL, command: '/reset', text: 'ein-aaaaaaaa -- no user' }).toString();
    const ts = nowSeconds(fut);
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${raw}`, 'utf8').digest('hex')}`;
    const r = await http(fut, slackEvent(fut, { text: 'unused' }, { rawOverride: raw, timestamp: ts, signature }));
    expect(r.status).toBe(200);
    expect(r.body['response_type']).toBe('ephemeral');
    expect(slackText(r.body)).toMatch(/Not a Slack slash command form/);
    const msg = expectRefused(fut, m, 'Request.Invalid', /Not a Slack slash command form/);
    expect(msg['trigger']).toEqual({ kind: 'slack', id: null });
  });

  it('refuses a user who is not on RESET_SLACK_USERS, publishing the refusal', async () => {
    const m = mark(fut);
    const r = await http(fut, slackEvent(fut, { user_id: 'U0MALLORY', text: 'ein-aaaaaaaa -- let me in' }));
    expect(r.status).toBe(200);
    expect(r.body['response_type']).toBe('ephemeral');
    expect(slackText(r.body)).toMatch(/Slack user U0MALLORY in channel G8PSS9T3V may not reset instances/);
    expectRefused(fut, m, 'Guard.NotAllowed', /U0MALLORY.*RESET_SLACK_USERS/);
    // Refused before the request is read: no instance was even looked up.
    expect(
      fut
        .calls()
        .slice(m.calls)
        .filter((c) => c.action === 'DescribeInstances'),
    ).toHaveLength(0);
  });

  it('refuses an allowed user in a channel that is not on RESET_SLACK_CHANNELS', async () => {
    const m = mark(fut);
    const r = await http(fut, slackEvent(fut, { channel_id: 'C0RANDOM1', text: 'ein-aaaaaaaa -- wrong room' }));
    expect(slackText(r.body)).toMatch(/channel C0RANDOM1 may not reset/);
    expectRefused(fut, m, 'Guard.NotAllowed', /C0RANDOM1.*RESET_SLACK_CHANNELS/);
  });

  it('applies the instance allow-list to Slack users too', async () => {
    const m = mark(fut);
    const r = await http(fut, slackEvent(fut, { text: 'ein-db000001 -- the db' }));
    expect(slackText(r.body)).toMatch(/not allowed to reset ein-db000001 \(RESET_ALLOW\)/);
    expectRefused(fut, m, 'Guard.NotAllowed', /ein-db000001/);
  });

  it('nobody may use Slack when RESET_SLACK_USERS is empty (deny by default)', async () => {
    const other = await startGuarded({ env: { RESET_SLACK_USERS: '', RESET_SLACK_CHANNELS: SLACK_CHANNEL } });
    try {
      const m = mark(other);
      const r = await http(other, slackEvent(other, { text: 'ein-aaaaaaaa -- x' }));
      expect(slackText(r.body)).toMatch(/may not reset instances/);
      expectRefused(other, m, 'Guard.NotAllowed', /RESET_SLACK_USERS/);
    } finally {
      await other.close();
    }
  });
});
