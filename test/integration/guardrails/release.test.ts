/**
 * POST /release: a human lets an escalated instance be reset again. Real SDK and COS client
 * against the emulator; the ledger, the mirror tag and the topic are read as they are.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../../lib/function/deps';
import { createHandler } from '../../../lib/function/handler';
import { createLogger } from '../../../lib/function/kernel/logger';
import { type LedgerEntry, parseEntry } from '../../../lib/function/ledger/ledger-entry';
import { TAG_ESCALATED } from '../../../lib/function/ledger/mirror-tags';
import { type FunctionUnderTest, httpAnswer, instanceTags } from '../../support/function';
import { callsSince, errorOf, expectRefused, http, mark, messagesSince, resetsSince, signed, startGuarded } from '../../support/guard-support';
import { LEDGER_BUCKET, LEDGER_PREFIX, ledgerView } from '../../support/ledger';

const A = 'ein-aaaaaaaa';
const B = 'ein-bbbbbbbb';

/** A signed `POST /release` at the function's time. */
const release = (fut: FunctionUnderTest, body: unknown, options: Parameters<typeof signed>[2] = {}) => signed(fut, body, { path: '/release', ...options });

/** Every ledger entry the emulator's bucket holds, in sequence order. */
function entries(fut: FunctionUnderTest): LedgerEntry[] {
  const bucket = fut.emu.emulator.store.cos.buckets.get(LEDGER_BUCKET);
  if (bucket === undefined) return [];
  return [...bucket.objects.entries()]
    .filter(([key]) => key.startsWith(`${LEDGER_PREFIX}e/`))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, o]) => parseEntry(o.body.toString('utf8')))
    .filter((e): e is LedgerEntry => e !== null);
}

/**
 * Resets `id` until the guardrails leave it for a human (RESET_COOLDOWN=0, RESET_ESCALATE_AFTER=3:
 * three resets, the fourth request escalates). Five seconds apart: the emulator's reinstall takes three.
 */
async function escalate(fut: FunctionUnderTest, id: string): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    fut.clock.advance(5000);
    expect((await http(fut, signed(fut, { instanceIds: [id], reason: `reset ${i + 1}` }))).status).toBe(202);
  }
  fut.clock.advance(5000);
  const m = mark(fut);
  expect((await http(fut, signed(fut, { instanceIds: [id], reason: 'one too many' }))).status).toBe(409);
  expectRefused(fut, m, 'Guard.Escalated', /left alone for a human/);
  expect(messagesSince(fut, m).map((x) => x['type'])).toEqual(['reset.rejected', 'reset.escalated']);
  expect(instanceTags(fut, id)[TAG_ESCALATED]).toBeDefined();
}

const startReleasable = () => startGuarded({ env: { RESET_COOLDOWN: '0', RESET_ESCALATE_AFTER: '3' } });

describe('POST /release of an escalated instance', () => {
  let fut: FunctionUnderTest;
  beforeAll(async () => {
    fut = await startReleasable();
    await escalate(fut, A);
  });
  afterAll(() => fut.close());

  it('the escalated instance is refused (Guard.Escalated) until released', async () => {
    fut.clock.advance(1000);
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: [A], reason: 'still broken' }));
    expect(r.status).toBe(409);
    expectRefused(fut, m, 'Guard.Escalated', /left alone for a human/);
  });

  it('unsigned: 401, nothing released, published or untagged', async () => {
    const m = mark(fut);
    const event = release(fut, { instanceIds: [A], reason: 'looked at it' });
    event['headers'] = { 'content-type': 'application/json' };
    const r = await http(fut, event);
    expect(r.status).toBe(401);
    expect(errorOf(r.body).code).toBe('Auth.Unauthenticated');
    expect(messagesSince(fut, m)).toEqual([]);
    expect(callsSince(fut, m, 'UnTagResources')).toEqual([]);
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).escalatedAt(A)).not.toBeNull();
  });

  it('a signature for another body, or the same signature replayed: 401 (the /reset verification)', async () => {
    const event = release(fut, { instanceIds: [A], reason: 'looked at it' });
    event['body'] = JSON.stringify({ instanceIds: [B], reason: 'looked at it' });
    const tampered = await http(fut, event);
    expect(tampered.status).toBe(401);
    expect(errorOf(tampered.body).message).toMatch(/Bad signature/);
    const once = release(fut, { instanceIds: [B], reason: 'once' });
    expect((await http(fut, once)).status).toBe(200);
    const replayed = await http(fut, once);
    expect(replayed.status).toBe(401);
    expect(errorOf(replayed.body).message).toMatch(/Replayed request/);
  });

  it.each([
    ['an unknown field', { instanceIds: [A], reason: 'x', dryRun: true }, 'dryRun', /unknown field "dryRun"/],
    ['no reason', { instanceIds: [A] }, 'reason', /reason is required/],
    ['an empty reason', { instanceIds: [A], reason: '  ' }, 'reason', /must not be empty/],
    ['a reason of 257 characters', { instanceIds: [A], reason: 'x'.repeat(257) }, 'reason', /at most 256/],
    ['no instances', { instanceIds: [], reason: 'x' }, 'instanceIds', /at least one/],
    ['101 instances', { instanceIds: Array.from({ length: 101 }, (_, i) => `ein-${String(i).padStart(8, '0')}`), reason: 'x' }, 'instanceIds', /at most 100/],
    ['an id that is no ECM id', { instanceIds: ['ein-AAAAAAAA'], reason: 'x' }, 'instanceIds.0', /is not an ECM instance id/],
    ['an id twice', { instanceIds: [A, A], reason: 'x' }, 'instanceIds.1', /listed twice/],
    ['a selector', { selector: 'tag:env=staging', reason: 'x' }, 'selector', /unknown field/],
    ['an array', [A], '', /must be a JSON object/],
  ])('%s: 400 Request.Invalid naming the field, nothing changed or published', async (_what, body, path, message) => {
    const m = mark(fut);
    const r = await http(fut, release(fut, body));
    expect(r.status).toBe(400);
    const error = r.body['error'] as { code: string; message: string; issues: { path: string; message: string }[] };
    expect(error.code).toBe('Request.Invalid');
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
    expect(messagesSince(fut, m)).toEqual([]);
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).escalatedAt(A)).not.toBeNull();
  });

  it('a body that is not JSON: 400', async () => {
    const r = await http(fut, release(fut, null, { raw: '{"instanceIds": [' }));
    expect(r.status).toBe(400);
    expect(errorOf(r.body)).toMatchObject({ code: 'Request.Invalid', message: expect.stringMatching(/the body is not JSON/) });
  });

  it('signed: 200, released in the ledger (one unescalate entry), the mirror tag gone, reset.released on the topic', async () => {
    fut.clock.advance(1000);
    const before = entries(fut).length;
    const m = mark(fut);
    const r = await http(fut, release(fut, { instanceIds: [A, B], reason: 'disk replaced', requestedBy: 'alice' }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ type: 'reset.released', id: expect.stringMatching(/^rst-[0-9a-f]{24}$/), released: [A], notEscalated: [B] });

    const added = entries(fut).slice(before);
    expect(added).toEqual([expect.objectContaining({ kind: 'unescalate', by: 'alice (via http:key-1)', ids: [A] })]);
    const state = await ledgerView(fut.emu.emulator, fut.emu.credential).state();
    expect(state.instances[A]).toMatchObject({ escalatedAt: null, releasedAt: added[0]?.at });

    expect(instanceTags(fut, A)[TAG_ESCALATED]).toBeUndefined();
    expect(callsSince(fut, m, 'UnTagResources')).toEqual([
      expect.objectContaining({
        params: expect.objectContaining({ TagKeys: [TAG_ESCALATED], ResourceList: [expect.stringMatching(/instance\/ein-aaaaaaaa$/)] }),
      }),
    ]);

    const published = messagesSince(fut, m);
    expect(published).toEqual([
      expect.objectContaining({
        version: 1,
        type: 'reset.released',
        id: r.body['id'],
        trigger: expect.objectContaining({ kind: 'http' }),
        request: expect.objectContaining({ instanceIds: [A, B], reason: 'disk replaced', requestedBy: 'alice (via http:key-1)' }),
        results: [
          expect.objectContaining({ instanceId: A, status: 'released', code: 'Released' }),
          expect.objectContaining({ instanceId: B, status: 'not-escalated', code: 'NotEscalated' }),
        ],
        error: null,
      }),
    ]);
    expect(fut.emu.emulator.messages.at(-1)?.tags).toEqual(['reset.released']);
    expect(resetsSince(fut, m)).toEqual([]);
  });

  it('the next reset request is accepted, and escalation counts afresh from the release', async () => {
    // Three resets after the release are allowed (RESET_ESCALATE_AFTER=3), though six fall in 24 h.
    for (let i = 0; i < 3; i += 1) {
      fut.clock.advance(5000);
      const m = mark(fut);
      const r = await http(fut, signed(fut, { instanceIds: [A], reason: `after release ${i + 1}` }));
      expect(r.status).toBe(202);
      expect(resetsSince(fut, m)).toHaveLength(1);
    }
    fut.clock.advance(5000);
    const m = mark(fut);
    const r = await http(fut, signed(fut, { instanceIds: [A], reason: 'again too many' }));
    expect(r.status).toBe(409);
    expect(messagesSince(fut, m).map((x) => x['type'])).toEqual(['reset.rejected', 'reset.escalated']);
    expect(instanceTags(fut, A)[TAG_ESCALATED]).toBeDefined();
  });

  it('releasing an instance that is not escalated: 200 notEscalated, no ledger entry, no tag call, still published', async () => {
    const before = entries(fut).length;
    const m = mark(fut);
    const r = await http(fut, release(fut, { instanceIds: [B], reason: 'just in case' }));
    expect(r).toEqual({ status: 200, body: { type: 'reset.released', id: expect.any(String), released: [], notEscalated: [B] } });
    expect(entries(fut)).toHaveLength(before);
    expect(callsSince(fut, m, 'UnTagResources')).toEqual([]);
    expect(messagesSince(fut, m)).toEqual([
      expect.objectContaining({ type: 'reset.released', results: [expect.objectContaining({ instanceId: B, status: 'not-escalated' })] }),
    ]);
  });
});

describe('two releases racing with a reset', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it('leave one unescalate entry, each request decided on the state before it, and a consistent ledger', async () => {
    fut = await startReleasable();
    await escalate(fut, A);
    fut.clock.advance(1000);
    // Three containers at once, as SCF runs concurrent requests: each its own ledger cache and replay guard.
    const container = () => {
      const deps = createDeps(fut.env, { clock: fut.clock, log: createLogger((line) => fut.logs.push(line)) });
      return (event: unknown) => createHandler(deps)(event, { request_id: `req-${Math.random().toString(16).slice(2)}`, time_limit_in_ms: 30_000 });
    };
    const before = entries(fut).length;
    const m = mark(fut);
    const [first, second, reset] = (
      await Promise.all([
        container()(release(fut, { instanceIds: [A], reason: 'first', requestedBy: 'alice' })),
        container()(release(fut, { instanceIds: [A], reason: 'second', requestedBy: 'bob' })),
        container()(signed(fut, { instanceIds: [A], reason: 'racing' })),
      ])
    ).map(httpAnswer);

    // Exactly one of the releases released it; the other found it released already.
    expect(first?.status).toBe(200);
    expect(second?.status).toBe(200);
    const releases = [first, second].map((r) => r?.body as { released: string[]; notEscalated: string[] });
    expect(releases.map((r) => r.released.length).sort()).toEqual([0, 1]);
    expect(releases.flatMap((r) => r.notEscalated)).toEqual([A]);

    const added = entries(fut).slice(before);
    expect(added.filter((e) => e.kind === 'unescalate')).toHaveLength(1);
    const unescalate = added.findIndex((e) => e.kind === 'unescalate');
    const decided = added.findIndex((e) => e.kind === 'decide' && e.reset.includes(A));
    // The reset was decided either before the release (refused: escalated) or after it (accepted, after it in the ledger).
    if (reset?.status === 202) {
      expect(decided).toBeGreaterThan(unescalate);
      expect(resetsSince(fut, m)).toHaveLength(1);
    } else {
      expect(reset?.status).toBe(409);
      expect(decided).toBe(-1);
      expect(resetsSince(fut, m)).toHaveLength(0);
    }
    // Sequence numbers without gaps or repeats, and the state as the entries say.
    expect(entries(fut).map((e) => e.seq)).toEqual(entries(fut).map((_, i) => i + 1));
    const state = await ledgerView(fut.emu.emulator, fut.emu.credential).state();
    expect(state.instances[A]?.escalatedAt).toBeNull();
    expect(state.instances[A]?.releasedAt).toBe(added[unescalate]?.at);
    expect(instanceTags(fut, A)[TAG_ESCALATED]).toBeUndefined();
    expect(messagesSince(fut, m).filter((x) => x['type'] === 'reset.released')).toHaveLength(2);
  });
});

describe('POST /release when the ledger cannot be written', () => {
  let fut: FunctionUnderTest;
  afterEach(() => fut.close());

  it('503 State.Unavailable: nothing released, untagged or published; once the ledger is back, the release goes through', async () => {
    fut = await startReleasable();
    await escalate(fut, A);
    fut.emu.emulator.faults.add({ action: 'cos:PutObject', code: 'AccessDenied', times: 1000 });
    fut.clock.advance(1000);
    const m = mark(fut);
    const r = await http(fut, release(fut, { instanceIds: [A], reason: 'ledger down' }));
    expect(r.status).toBe(503);
    // State.Unavailable (503), carrying COS's own code, with no upstream detail.
    expect(errorOf(r.body)).toEqual({ code: 'AccessDenied', message: "the function could not complete the request (the details are in the function's log)" });
    expect(messagesSince(fut, m)).toEqual([]);
    expect(callsSince(fut, m, 'UnTagResources')).toEqual([]);
    expect(instanceTags(fut, A)[TAG_ESCALATED]).toBeDefined();
    expect(fut.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['event'] === 'http.error')).toMatchObject({
      route: 'release',
      code: 'AccessDenied',
    });

    fut.emu.emulator.faults.clear();
    fut.clock.advance(1000);
    const again = await http(fut, release(fut, { instanceIds: [A], reason: 'ledger back' }));
    expect(again).toMatchObject({ status: 200, body: { released: [A], notEscalated: [] } });
    expect(messagesSince(fut, m).map((x) => x['type'])).toEqual(['reset.released']);
  });

  it('a ledger that cannot be read: 503 as well, nothing published', async () => {
    fut = await startReleasable();
    await escalate(fut, A);
    fut.emu.emulator.faults.add({ action: 'cos:GetObject', code: 'AccessDenied', times: 1000 });
    fut.clock.advance(1000);
    const m = mark(fut);
    const r = await http(fut, release(fut, { instanceIds: [A], reason: 'ledger unreadable' }));
    expect(r.status).toBe(503);
    expect(errorOf(r.body).code).toBe('AccessDenied');
    expect(messagesSince(fut, m)).toEqual([]);
    expect(callsSince(fut, m, 'UnTagResources')).toEqual([]);
  });

  it('the tag cannot be removed: 200 with mirrorStale, released in the ledger all the same', async () => {
    fut = await startReleasable();
    await escalate(fut, A);
    fut.emu.emulator.faults.add({ action: 'UnTagResources', code: 'FailedOperation', times: 1000 });
    fut.clock.advance(1000);
    const r = await http(fut, release(fut, { instanceIds: [A], reason: 'tag api down' }));
    expect(r).toMatchObject({ status: 200, body: { released: [A], mirrorStale: true } });
    expect(await ledgerView(fut.emu.emulator, fut.emu.credential).escalatedAt(A)).toBeNull();
    expect(instanceTags(fut, A)[TAG_ESCALATED]).toBeDefined();
    const published = fut.messages().at(-1) as { type: string; results: { message: string }[] };
    expect(published.type).toBe('reset.released');
    expect(published.results[0]?.message).toMatch(/could not be removed/);
    expect(fut.logs.some((l) => l.includes('"event":"ledger.unmirror-failed"'))).toBe(true);
    // The ledger, not the tag, decides: the next reset goes through.
    fut.clock.advance(1000);
    expect((await http(fut, signed(fut, { instanceIds: [A], reason: 'released' }))).status).toBe(202);
  });
});
