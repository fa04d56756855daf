import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/function/kernel/errors';
import { MAX_ISSUES } from '../../../lib/function/kernel/issues';
import { MAX_IDS_PER_CALL } from '../../../lib/function/request/reset-request';
import { validateRequest } from '../../../lib/function/request/validate-request';

const validId = (i: number) => `ein-${i.toString(36).padStart(8, '0')}`;

function refusal(payload: unknown): AppError {
  const r = validateRequest(payload, {}, false);
  if (!(r instanceof AppError)) throw new Error('expected a refusal');
  return r;
}

describe('instanceIds: limits and repeats', () => {
  it('reports each repeated id at the place it repeats', () => {
    const e = refusal({ instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-aaaaaaaa'], reason: 'x' });
    expect(e.issues).toEqual([
      { path: 'instanceIds.2', message: 'ein-aaaaaaaa is listed twice' },
      { path: 'instanceIds.3', message: 'ein-bbbbbbbb is listed twice' },
      { path: 'instanceIds.4', message: 'ein-aaaaaaaa is listed twice' },
    ]);
  });

  it('accepts 100 distinct ids', () => {
    const r = validateRequest({ instanceIds: Array.from({ length: MAX_IDS_PER_CALL }, (_, i) => validId(i)), reason: 'x' }, {}, false);
    expect(r).not.toBeInstanceOf(AppError);
  });

  it('refuses 200,000 well-formed ids (half of them repeats) with the length issue alone', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => validId(i % 100_000));
    const e = refusal({ instanceIds: ids, reason: 'x' });
    expect(e.issues).toEqual([{ path: 'instanceIds', message: `instanceIds may name at most ${MAX_IDS_PER_CALL} instances` }]);
  });

  it('refuses 200,000 malformed ids with the length issue, not one issue per id', () => {
    const e = refusal({ instanceIds: Array.from({ length: 200_000 }, (_, i) => `bad-${i}`), reason: 'x' });
    expect(e.issues).toEqual([{ path: 'instanceIds', message: `instanceIds may name at most ${MAX_IDS_PER_CALL} instances` }]);
  });

  it('carries a bounded number of issues for a list of the allowed length', () => {
    const e = refusal({ instanceIds: Array.from({ length: MAX_IDS_PER_CALL }, (_, i) => `bad-${i}`), reason: 'x' });
    expect(e.issues).toHaveLength(MAX_ISSUES + 1);
    expect(e.issues[0]).toEqual({ path: 'instanceIds.0', message: expect.stringMatching(/"bad-0" is not an ECM instance id/) });
  });
});
