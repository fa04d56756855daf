import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../lib/function/http/replay-guard';

describe('createReplayGuard', () => {
  it('reports a signature as new the first time and as seen the second time', () => {
    const guard = createReplayGuard({ windowMs: 1_000 });
    expect(guard.seen('a', 0)).toBe(false);
    expect(guard.seen('a', 500)).toBe(true);
    expect(guard.seen('b', 500)).toBe(false);
  });

  it('forgets a signature once the window has passed', () => {
    const guard = createReplayGuard({ windowMs: 1_000 });
    guard.seen('a', 0);
    expect(guard.seen('a', 1_000)).toBe(true);
    expect(guard.seen('a', 1_001)).toBe(false);
  });

  it('keeps at most maxEntries signatures, forgetting the oldest', () => {
    const guard = createReplayGuard({ windowMs: 60_000, maxEntries: 2 });
    guard.seen('a', 0);
    guard.seen('b', 1);
    guard.seen('c', 2);
    expect(guard.seen('b', 3)).toBe(true);
    expect(guard.seen('c', 3)).toBe(true);
    expect(guard.seen('a', 3)).toBe(false);
  });

  it('still recognises a signature when the clock steps backwards', () => {
    const guard = createReplayGuard({ windowMs: 1_000 });
    guard.seen('a', 5_000);
    expect(guard.seen('a', 4_900)).toBe(true);
  });

  it('refuses a window or size that is not positive', () => {
    expect(() => createReplayGuard({ windowMs: 0 })).toThrow(RangeError);
    expect(() => createReplayGuard({ windowMs: 1, maxEntries: 0 })).toThrow(RangeError);
  });
});
