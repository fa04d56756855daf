import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionUnderTest } from '../../support/function';
import { http, mark, messagesSince, slackEvent, startGuarded } from '../../support/guard-support';
import { readRequest } from '../../support/read-request';

/** A stand-in for Slack's response_url: collects what the function posts. */
async function receiver(): Promise<{ url: string; posts: Record<string, unknown>[]; server: Server }> {
  const posts: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    void readRequest(req).then(({ rawBody }) => {
      posts.push(JSON.parse(rawBody) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/commands/T0001/1/xyz`, posts, server };
}

describe('POST /slack answers within Slack’s 3 s and delivers the outcome to response_url', () => {
  let fut: FunctionUnderTest;
  let slack: Awaited<ReturnType<typeof receiver>>;
  beforeEach(async () => {
    fut = await startGuarded();
    slack = await receiver();
  });
  afterEach(async () => {
    await fut.close();
    await new Promise<void>((resolve) => slack.server.close(() => resolve()));
  });

  it('acknowledges before any ResetInstances (the work goes to the function’s next run), then posts the outcome', async () => {
    const context = fut.selfInvoking();
    // A slow API: ResetInstances is throttled four times before it is taken.
    fut.emu.emulator.faults.add({ action: 'ResetInstances', code: 'RequestLimitExceeded', times: 4 });
    const m = mark(fut);
    const event = slackEvent(fut, { text: 'ein-aaaaaaaa -- disk full' }, { responseUrl: slack.url });
    const raw = (await fut.invoke(event, context)) as { statusCode: number; body: string };
    // The answer exists: what had the emulator seen by then?
    const atAck = fut
      .calls()
      .slice(m.calls)
      .map((c) => c.action);
    expect(raw.statusCode).toBe(200);
    expect(JSON.parse(raw.body)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^On it: rst-[0-9a-f]{24} is going through the guardrails/),
    });
    expect(atAck).toContain('Invoke');
    expect(atAck).not.toContain('ResetInstances');

    await fut.emu.emulator.drainInvocations();
    const calls = fut
      .calls()
      .slice(m.calls)
      .map((c) => c.action);
    expect(calls.indexOf('Invoke')).toBeLessThan(calls.indexOf('ResetInstances'));
    expect(messagesSince(fut, m).map((x) => x['type'])).toEqual(['reset.accepted']);
    expect(slack.posts).toEqual([
      { response_type: 'in_channel', text: expect.stringMatching(/^reset\.accepted \(rst-[0-9a-f]{24}\)\n• ein-aaaaaaaa: accepted Accepted/) },
    ]);
  });

  it('refuses a response_url that is not Slack’s (the function does not post wherever a body says)', async () => {
    const context = fut.selfInvoking();
    const event = slackEvent(fut, { text: 'ein-aaaaaaaa -- disk full' }, { responseUrl: 'http://169.254.169.254/latest/meta-data' });
    expect((await http(fut, event)).status).toBe(200);
    await fut.invoke(slackEvent(fut, { text: 'ein-bbbbbbbb -- disk full' }, { responseUrl: 'https://evil.example.com/hook' }), context);
    await fut.emu.emulator.drainInvocations();
    expect(slack.posts).toEqual([]);
  });

  it('answers an unreadable command at once, without handing it on', async () => {
    const context = fut.selfInvoking();
    const m = mark(fut);
    const raw = (await fut.invoke(slackEvent(fut, { text: 'ein-aaaaaaaa' }, { responseUrl: slack.url }), context)) as { body: string };
    expect(JSON.parse(raw.body)).toMatchObject({ text: expect.stringMatching(/reason/) });
    expect(
      fut
        .calls()
        .slice(m.calls)
        .map((c) => c.action),
    ).not.toContain('Invoke');
  });
});
