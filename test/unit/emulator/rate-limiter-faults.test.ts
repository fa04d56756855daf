import { describe, expect, it } from 'vitest';
import { redactParams } from '../../../lib/tools/emulator/call-log';
import { createFaultInjector } from '../../../lib/tools/emulator/faults';
import { createRateLimiter } from '../../../lib/tools/emulator/rate-limiter';

describe('createRateLimiter', () => {
  it('allows `limit` calls in any one-second window and slides', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 20; i += 1) expect(limiter.tryAcquire('k', 20, 1000 + i * 10)).toBe(true);
    expect(limiter.tryAcquire('k', 20, 1500)).toBe(false);
    expect(limiter.tryAcquire('other', 20, 1500)).toBe(true);
    // The first call (t=1000) leaves the window at t=2000.
    expect(limiter.tryAcquire('k', 20, 2000)).toBe(true);
    expect(limiter.tryAcquire('k', 20, 2001)).toBe(false);
  });
});

describe('createFaultInjector', () => {
  it('matches Action, service:Action and *, per phase, and counts down times', () => {
    const faults = createFaultInjector();
    faults.add({ action: 'ecm:ResetInstances', code: 'InternalError', times: 2 });
    faults.add({ action: '*', dropConnection: true, when: 'after' });
    expect(faults.take('ssm', 'ResetInstances', 'before')).toBeUndefined();
    expect(faults.take('ecm', 'ResetInstances', 'before')).toMatchObject({ code: 'InternalError', remaining: 1 });
    expect(faults.take('ecm', 'ResetInstances', 'before')).toMatchObject({ remaining: 0 });
    expect(faults.take('ecm', 'ResetInstances', 'before')).toBeUndefined();
    expect(faults.take('tag', 'TagResources', 'after')).toMatchObject({ dropConnection: true });
    expect(faults.list()).toEqual([]);
  });

  it('rejects a fault with no effect or with two exclusive effects', () => {
    const faults = createFaultInjector();
    expect(() => faults.add({ action: 'ResetInstances' })).toThrow(/needs code, httpStatus, delayMs or dropConnection/);
    expect(() => faults.add({ action: 'ResetInstances', code: 'InternalError', dropConnection: true })).toThrow(/exclude each other/);
    expect(faults.add({ action: 'ResetInstances', code: 'InternalError', delayMs: 10 })).toMatchObject({ times: 1, when: 'before' });
  });
});

describe('redactParams', () => {
  it('redacts password-like keys at any depth, misspelled ones included', () => {
    expect(redactParams({ Password: 'p', Nested: [{ pasword: 'p', passwd: 'p', Keep: 'k' }] })).toEqual({
      Password: '***REDACTED***',
      Nested: [{ pasword: '***REDACTED***', passwd: '***REDACTED***', Keep: 'k' }],
    });
  });
});
