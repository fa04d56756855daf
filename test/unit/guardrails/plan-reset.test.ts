import { describe, expect, it } from 'vitest';
import { parseAllowList } from '../../../lib/function/config/allow-list';
import { type GuardConfig, type Plan, type PlanInput, planReset } from '../../../lib/function/guardrails/plan-reset';
import { errorStatus } from '../../../lib/function/http/http-status';
import { type InstanceLedger, instanceHistory, type LedgerState } from '../../../lib/function/ledger/ledger-state';
import type { EcmInstance } from '../../../lib/function/ports/cloud-ports';
import type { ResetRequest } from '../../../lib/function/request/reset-request';

const NOW = 1_714_540_000;
const ID = 'rst-000000000000000000000001';

const config = (over: Partial<Omit<GuardConfig, 'allow'>> & { allow?: string } = {}): GuardConfig => ({
  maxInstances: 10,
  maxInstancesTimer: 10,
  maxPerHour: 50,
  cooldownSeconds: 3600,
  escalateAfter: 3,
  allowDataWipe: false,
  ...over,
  allow: parseAllowList(over.allow ?? 'ein-aaaaaaaa,ein-bbbbbbbb,tag:env=staging').allow,
});

const instance = (instanceId: string, tags: Record<string, string> = {}, over: Partial<EcmInstance> = {}): EcmInstance => ({
  instanceId,
  uuid: null,
  name: null,
  state: 'RUNNING',
  osType: 'linux',
  imageId: 'img-aaaaaaaa',
  tags,
  latestOperation: null,
  latestOperationState: null,
  ...over,
});

const request = (over: Partial<ResetRequest> = {}): ResetRequest => ({
  target: { kind: 'ids', instanceIds: ['ein-aaaaaaaa'] },
  imageId: null,
  keepData: true,
  keepImageLogin: false,
  enhancedService: null,
  reason: 'test',
  requestedBy: null,
  dryRun: false,
  idempotencyKey: null,
  ...over,
});

const ids = (...instanceIds: string[]): Partial<ResetRequest> => ({ target: { kind: 'ids', instanceIds } });

/** The ledger as the guardrails read it: per instance, its resets, refused attempts and escalation. */
const ledger = (instances: Record<string, Partial<InstanceLedger>>): LedgerState => ({
  seq: 1,
  instances: Object.fromEntries(Object.entries(instances).map(([id, i]) => [id, { resets: [], attempts: [], escalatedAt: null, releasedAt: null, ...i }])),
  requests: {},
});
const historyOf = (state: LedgerState) => (id: string) => instanceHistory(state, id, NOW);
const reset = (ago: number, rid = 'rst-earlier') => ({ at: NOW - ago, rid });

function plan(over: Partial<PlanInput> = {}): Plan {
  const instances = over.instances ?? [instance('ein-aaaaaaaa')];
  return planReset({
    request: request(ids(...instances.map((i) => i.instanceId))),
    triggerKind: 'http',
    resultId: ID,
    instances,
    missingIds: [],
    resetsLastHour: 0,
    history: historyOf(ledger({})),
    config: config(),
    now: NOW,
    ...over,
  });
}

function planned(p: Plan) {
  if (p.kind !== 'planned') throw new Error(`expected a plan, got ${p.error.code}: ${p.error.message}`);
  return p;
}

function rejected(p: Plan) {
  if (p.kind !== 'rejected') throw new Error('expected a rejection');
  return { code: p.error.code, status: errorStatus(p.error), message: p.error.message };
}

const decisionsOf = (p: Plan) => planned(p).decisions.map((d) => [d.instanceId, d.action, d.code]);

describe('planReset', () => {
  it('plans a reset for an allowed, idle instance', () => {
    const p = planned(plan());
    expect(p.toReset.map((i) => i.instanceId)).toEqual(['ein-aaaaaaaa']);
    expect(p.attempts).toEqual([]);
    expect(p.escalate).toEqual([]);
    expect(decisionsOf(p)).toEqual([['ein-aaaaaaaa', 'reset', 'Planned']]);
  });

  describe('data safety', () => {
    it('refuses keepData false unless RESET_ALLOW_DATA_WIPE', () => {
      expect(rejected(plan({ request: request({ keepData: false }) }))).toEqual({
        code: 'Guard.DataWipe',
        status: 403,
        message: expect.stringContaining('RESET_ALLOW_DATA_WIPE'),
      });
      expect(planned(plan({ request: request({ keepData: false }), config: config({ allowDataWipe: true }) })).toReset).toHaveLength(1);
    });
  });

  describe('allow-list', () => {
    it('denies by default', () => {
      expect(rejected(plan({ config: config({ allow: '' }) }))).toMatchObject({
        code: 'Guard.NotAllowed',
        status: 403,
        message: 'not allowed to reset ein-aaaaaaaa (RESET_ALLOW)',
      });
    });

    it('allows by tag and by *', () => {
      const staging = instance('ein-web00003', { env: 'staging' });
      expect(planned(plan({ instances: [staging] })).toReset).toEqual([staging]);
      const prod = instance('ein-db000001', { env: 'prod' });
      expect(planned(plan({ instances: [prod], config: config({ allow: '*' }) })).toReset).toEqual([prod]);
    });

    it('a tag must match key and value exactly', () => {
      const p = plan({ instances: [instance('ein-db000001', { env: 'staging-old', ENV: 'staging' })] });
      expect(rejected(p).code).toBe('Guard.NotAllowed');
    });

    it('refuses the whole request when one named instance is not allowed, listing at most five', () => {
      const instances = ['ein-aaaaaaaa', ...Array.from({ length: 7 }, (_, i) => `ein-prod000${i}`)].map((id) => instance(id, { env: 'prod' }));
      expect(rejected(plan({ instances })).message).toBe(
        'not allowed to reset ein-prod0000, ein-prod0001, ein-prod0002, ein-prod0003, ein-prod0004 and 2 more (RESET_ALLOW)',
      );
    });

    it('an unknown id is "not allowed" unless the allow-list names it, so existence is not revealed', () => {
      expect(rejected(plan({ request: request(ids('ein-zzzzzzzz')), instances: [], missingIds: ['ein-zzzzzzzz'] })).code).toBe('Guard.NotAllowed');
      const p = plan({ request: request(ids('ein-bbbbbbbb')), instances: [], missingIds: ['ein-bbbbbbbb'] });
      expect(decisionsOf(p)).toEqual([['ein-bbbbbbbb', 'fail', 'ResourceNotFound.InstanceNotExist']]);
    });

    it('a selector keeps only the allowed matches, and refuses when none is allowed or none matches', () => {
      const selector = { target: { kind: 'selector' as const, selector: { key: 'role', value: 'db' } } };
      const matches = [instance('ein-db000001', { role: 'db', env: 'prod' }), instance('ein-db000002', { role: 'db', env: 'staging' })];
      expect(planned(plan({ request: request(selector), instances: matches })).toReset.map((i) => i.instanceId)).toEqual(['ein-db000002']);
      // None allowed and none at all read the same.
      for (const instances of [matches.slice(0, 1), []]) {
        expect(rejected(plan({ request: request(selector), instances }))).toMatchObject({
          code: 'Guard.NoMatch',
          status: 404,
          message: 'no allowed instance matches tag:role=db (RESET_ALLOW)',
        });
      }
    });
  });

  describe('per-instance state', () => {
    it('skips a duplicate of the last reset, of a pending one, and of a refused attempt', () => {
      for (const state of [
        ledger({ 'ein-aaaaaaaa': { resets: [reset(10, ID)] } }),
        ledger({ 'ein-aaaaaaaa': { resets: [{ ...reset(10, ID), done: true }] } }),
        ledger({ 'ein-aaaaaaaa': { attempts: [reset(20, 'rst-other'), reset(10, ID)] } }),
      ]) {
        const p = planned(plan({ instances: [instance('ein-aaaaaaaa')], history: historyOf(state) }));
        expect(decisionsOf(p)).toEqual([['ein-aaaaaaaa', 'skip', 'Guard.Duplicate']]);
        expect(p.attempts).toEqual([]);
      }
    });

    it('skips an instance in cooldown, with the numbers, and counts the attempt', () => {
      const i = instance('ein-aaaaaaaa');
      const p = planned(plan({ instances: [i], history: historyOf(ledger({ 'ein-aaaaaaaa': { resets: [reset(600)] } })) }));
      expect(p.decisions[0]).toEqual({
        instanceId: 'ein-aaaaaaaa',
        action: 'skip',
        code: 'Guard.Cooldown',
        message: 'reset 600 s ago; cooldown 3600 s (3000 s left)',
      });
      expect(p.attempts).toEqual([i]);
      expect(p.toReset).toEqual([]);
    });

    it('the cooldown ends exactly after RESET_COOLDOWN seconds', () => {
      const i = instance('ein-aaaaaaaa');
      expect(planned(plan({ instances: [i], history: historyOf(ledger({ 'ein-aaaaaaaa': { resets: [reset(3600)] } })) })).toReset).toEqual([i]);
    });

    it('skips an instance with an operation in progress, and counts the attempt', () => {
      const i = instance('ein-aaaaaaaa', {}, { latestOperation: 'ResetInstances', latestOperationState: 'OPERATING' });
      const p = planned(plan({ instances: [i] }));
      expect(p.decisions[0]).toMatchObject({ code: 'Guard.InProgress', message: 'ResetInstances is still in progress' });
      expect(p.attempts).toEqual([i]);
    });

    it('escalates once when the day holds RESET_ESCALATE_AFTER requests, then stays silent', () => {
      const day = { resets: [reset(300)], attempts: [reset(240, 'rst-a'), reset(180, 'rst-b')] };
      const first = planned(plan({ instances: [instance('ein-aaaaaaaa')], history: historyOf(ledger({ 'ein-aaaaaaaa': day })) }));
      expect(first.decisions[0]).toMatchObject({
        action: 'skip',
        code: 'Guard.Escalated',
        message: '3 reset requests in 24 h (RESET_ESCALATE_AFTER=3): left alone for a human',
      });
      expect(first.escalate.map((i) => i.instanceId)).toEqual(['ein-aaaaaaaa']);
      expect(first.attempts).toEqual([]);
      const again = planned(plan({ instances: [instance('ein-aaaaaaaa')], history: historyOf(ledger({ 'ein-aaaaaaaa': { ...day, escalatedAt: NOW - 60 } })) }));
      expect(again.decisions[0]?.code).toBe('Guard.Escalated');
      expect(again.escalate).toEqual([]);
    });

    it('stays left for a human a day later, with no request since (DESIGN: until a human releases it)', () => {
      const state = ledger({ 'ein-aaaaaaaa': { resets: [reset(200_000)], escalatedAt: NOW - 190_000 } });
      const p = planned(plan({ instances: [instance('ein-aaaaaaaa')], history: historyOf(state) }));
      expect(decisionsOf(p)).toEqual([['ein-aaaaaaaa', 'skip', 'Guard.Escalated']]);
      expect(p.escalate).toEqual([]);
    });

    it('escalation outranks an operation in progress and the cooldown', () => {
      const i = instance('ein-aaaaaaaa', {}, { latestOperationState: 'OPERATING' });
      const state = ledger({ 'ein-aaaaaaaa': { resets: [reset(30, 'rst-w'), reset(10, 'rst-x')], attempts: [reset(20, 'rst-y')] } });
      expect(decisionsOf(plan({ instances: [i], history: historyOf(state) }))).toEqual([['ein-aaaaaaaa', 'skip', 'Guard.Escalated']]);
    });

    it('requests older than a day no longer count', () => {
      const i = instance('ein-aaaaaaaa');
      const state = ledger({ 'ein-aaaaaaaa': { resets: [reset(90_000)], attempts: [reset(89_000, 'rst-a'), reset(88_000, 'rst-b')] } });
      expect(planned(plan({ instances: [i], history: historyOf(state) })).toReset).toEqual([i]);
    });
  });

  describe('blast radius', () => {
    const three = ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-web00003'].map((id) => instance(id, { env: 'staging' }));

    it('refuses more than RESET_MAX_INSTANCES with both numbers', () => {
      expect(rejected(plan({ instances: three, config: config({ maxInstances: 2 }) }))).toEqual({
        code: 'Guard.BlastRadius',
        status: 403,
        message: '3 instances would be reset; at most 2 per invocation (RESET_MAX_INSTANCES)',
      });
    });

    it('timers have their own limit', () => {
      const c = config({ maxInstances: 2, maxInstancesTimer: 3 });
      expect(planned(plan({ instances: three, config: c, triggerKind: 'timer' })).toReset).toHaveLength(3);
      expect(rejected(plan({ instances: three, config: config({ maxInstancesTimer: 2 }), triggerKind: 'timer' })).message).toBe(
        '3 instances would be reset; at most 2 per invocation (RESET_MAX_INSTANCES_TIMER)',
      );
    });

    it('counts only instances that would really be reset (skipped ones do not use the radius)', () => {
      const busy = three.map((i, n) => (n === 0 ? i : { ...i, latestOperationState: 'OPERATING' }));
      expect(planned(plan({ instances: busy, config: config({ maxInstances: 1 }) })).toReset).toHaveLength(1);
    });

    it('counts what earlier records of the same invocation reset', () => {
      expect(planned(plan({ instances: three, config: config({ maxInstances: 5 }), resetThisInvocation: 2 })).toReset).toHaveLength(3);
      expect(rejected(plan({ instances: three, config: config({ maxInstances: 5 }), resetThisInvocation: 3 })).message).toBe(
        '3 instances would be reset after 3 reset by earlier records of this batch; at most 5 per invocation (RESET_MAX_INSTANCES)',
      );
    });

    it('refuses what would exceed RESET_MAX_PER_HOUR, with the numbers', () => {
      expect(rejected(plan({ instances: three, resetsLastHour: 48 }))).toEqual({
        code: 'Guard.HourlyBudget',
        status: 403,
        message: '3 more resets would make 51 in the last hour; at most 50 (RESET_MAX_PER_HOUR)',
      });
      expect(planned(plan({ instances: three, resetsLastHour: 47 })).toReset).toHaveLength(3);
    });

    it('a request that resets nothing is not refused by a spent budget (its skips are still reported)', () => {
      const cooling = instance('ein-aaaaaaaa');
      const state = ledger({ 'ein-aaaaaaaa': { resets: [reset(5, 'rst-x')] } });
      expect(decisionsOf(plan({ instances: [cooling], resetsLastHour: 50, history: historyOf(state) }))).toEqual([['ein-aaaaaaaa', 'skip', 'Guard.Cooldown']]);
    });
  });
});
