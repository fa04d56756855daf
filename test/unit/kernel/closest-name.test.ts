import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../lib/function/config/config';
import { closestName, editDistance } from '../../../lib/function/kernel/closest-name';

describe('editDistance (Levenshtein)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['RESET_ALOW', 'RESET_ALLOW', 1],
    ['flaw', 'lawn', 2],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closestName, for the doctor's and the function's typo warnings", () => {
  const known = CONFIG_VARIABLES.filter((n) => n.startsWith('RESET_'));

  it.each([
    ['RESET_ALOW', 'RESET_ALLOW'],
    ['RESET_COOLDOWN_SECONDS', 'RESET_COOLDOWN'],
    ['RESET_DRYRUN', 'RESET_DRY_RUN'],
    ['RESET_TAG_RESOURCE_FROM', 'RESET_TAG_RESOURCE_FORM'],
    ['RESET_SLACK_USER', 'RESET_SLACK_USERS'],
  ])('%s → %s', (typo, meant) => {
    expect(closestName(typo, known)).toBe(meant);
  });

  it('is null without candidates', () => {
    expect(closestName('RESET_X', [])).toBeNull();
  });
});
