import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../lib/function/config/config';
import { closest, levenshtein } from '../../../lib/tools/doctor/distance';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['RESET_ALOW', 'RESET_ALLOW', 1],
    ['flaw', 'lawn', 2],
  ])('%j → %j is %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
});

describe('closest', () => {
  const known = CONFIG_VARIABLES.filter((n) => n.startsWith('RESET_'));

  it.each([
    ['RESET_ALOW', 'RESET_ALLOW'],
    ['RESET_COOLDOWN_SECONDS', 'RESET_COOLDOWN'],
    ['RESET_DRYRUN', 'RESET_DRY_RUN'],
    ['RESET_TAG_RESOURCE_FROM', 'RESET_TAG_RESOURCE_FORM'],
    ['RESET_SLACK_USER', 'RESET_SLACK_USERS'],
  ])('%s → %s', (typo, meant) => {
    expect(closest(typo, known)).toBe(meant);
  });

  it('is null without candidates', () => {
    expect(closest('RESET_X', [])).toBeNull();
  });
});
