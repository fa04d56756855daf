/**
 * `npx ecm-reset call --release` through the bin, against the function behind the local HTTP
 * front (the function URL's event), itself against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG_ESCALATED } from '../../../lib/function/ledger/mirror-tags';
import { type ApiGatewayServer, startApiGateway } from '../../../lib/tools/dev/api-gateway-server';
import { DEMO_KEYS, type FunctionUnderTest, instanceTags } from '../../support/function';
import { http, mark, messagesSince, signed, startGuarded } from '../../support/guard-support';
import { ledgerView } from '../../support/ledger';
import { cleanEnv, runProcess } from '../../support/process';

const BIN = 'lib/tools/cli/bin.mjs';
const bin = (args: string[], env: Record<string, string> = { RESET_CALLER_KEY: DEMO_KEYS[0] }) =>
  runProcess(process.execPath, [BIN, ...args], { env: cleanEnv(env) });

describe('npx ecm-reset call --release', () => {
  let fut: FunctionUnderTest;
  let front: ApiGatewayServer;
  beforeAll(async () => {
    fut = await startGuarded({ env: { RESET_COOLDOWN: '0', RESET_ESCALATE_AFTER: '1' } });
    front = await startApiGateway({ handler: (event, context) => fut.invoke(event, context as Record<string, unknown>), port: 0, context: {} });
    // RESET_ESCALATE_AFTER=1: one reset, and the next request leaves ein-aaaaaaaa for a human.
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'first' }))).status).toBe(202);
    fut.clock.advance(5000);
    expect((await http(fut, signed(fut, { instanceIds: ['ein-aaaaaaaa'], reason: 'second' }))).status).toBe(409);
    expect(instanceTags(fut, 'ein-aaaaaaaa')[TAG_ESCALATED]).toBeDefined();
  });
  afterAll(async () => {
    await front.close();
    await fut.close();
  });

  it('releases through the bin: HTTP 200 on stderr, the answer on stdout, exit 0', async () => {
    const m = mark(fut);
    const r = await bin([
      'call',
      '--release',
      '--url',
      front.url,
      '--instances',
      'ein-aaaaaaaa,ein-bbbbbbbb',
      '--reason',
      'disk replaced',
      '--requested-by',
      'alice',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('HTTP 200');
    expect(JSON.parse(r.stdout)).toEqual({ type: 'reset.released', id: expect.any(String), released: ['ein-aaaaaaaa'], notEscalated: ['ein-bbbbbbbb'] });
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).escalatedAt('ein-aaaaaaaa')).toBeNull();
    expect(instanceTags(fut, 'ein-aaaaaaaa')[TAG_ESCALATED]).toBeUndefined();
    expect(messagesSince(fut, m)).toEqual([
      expect.objectContaining({ type: 'reset.released', request: expect.objectContaining({ requestedBy: 'alice (via http:key-1)' }) }),
    ]);
  });

  it('a key not in the rotation set: HTTP 401, exit 1', async () => {
    const r = await bin(['call', '--release', '--url', front.url, '--instances', 'ein-aaaaaaaa', '--reason', 'x'], { RESET_CALLER_KEY: 'f'.repeat(64) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 401');
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'Auth.Unauthenticated' } });
  });

  it('a body the function refuses (an id that is no ECM id): HTTP 400, exit 1', async () => {
    const r = await bin(['call', '--release', '--url', front.url, '--instances', 'web-1', '--reason', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 400');
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'Request.Invalid' } });
  });

  it('usage errors exit 2 with the usage: no --reason, an option of a reset request', async () => {
    const [noReason, resetOnly] = await Promise.all([
      bin(['call', '--release', '--url', front.url, '--instances', 'ein-aaaaaaaa']),
      bin(['call', '--release', '--url', front.url, '--instances', 'ein-aaaaaaaa', '--reason', 'x', '--dry-run']),
    ]);
    for (const r of [noReason, resetOnly]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('usage: npx ecm-reset call');
    }
    expect(noReason.stderr).toContain('--reason is required');
    expect(resetOnly.stderr).toContain('--release takes no --dry-run');
  });
});
