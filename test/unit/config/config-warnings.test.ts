import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../lib/function/config/config';
import { configWarnings, semicolonEntries, unknownVariables } from '../../../lib/function/config/config-warnings';
import { closestName, editDistance } from '../../../lib/function/kernel/closest-name';

describe('unknownVariables', () => {
  it('names each unknown RESET_* variable with the closest known one', () => {
    expect(unknownVariables({ RESET_ALOW: 'x', RESET_MAX_INSTANCE: '5', RESET_COOLDWN: '0', RESET_TOPIC: 't', PATH: '/bin' })).toEqual([
      { name: 'RESET_ALOW', closest: 'RESET_ALLOW' },
      { name: 'RESET_COOLDWN', closest: 'RESET_COOLDOWN' },
      { name: 'RESET_MAX_INSTANCE', closest: 'RESET_MAX_INSTANCES' },
    ]);
  });

  it('offers no name when none is near, and leaves names a tool reads alone', () => {
    expect(unknownVariables({ RESET_SOMETHING_ELSE_ENTIRELY: '1' })).toEqual([{ name: 'RESET_SOMETHING_ELSE_ENTIRELY', closest: null }]);
    expect(unknownVariables({ RESET_CALLER_KEY: 'k' }, ['RESET_CALLER_KEY'])).toEqual([]);
  });

  it('knows every variable the configuration reads', () => {
    expect(unknownVariables(Object.fromEntries(CONFIG_VARIABLES.map((n) => [n, 'x'])))).toEqual([]);
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(['RESET_ALLOW', 'RESET_COOLDOWN', 'RESET_MAX_INSTANCES_TIMER', 'RESET_LEDGER_BUCKET']));
  });
});

describe('the allow-list separator hint', () => {
  it('warns about entries holding a ";" (a tag value may hold one: a hint, not a refusal)', () => {
    expect(semicolonEntries('tag:a=b;tag:c=d, ein-aaaaaaaa')).toEqual(['tag:a=b;tag:c=d']);
    const [w] = configWarnings({ RESET_ALLOW: 'tag:a=b;tag:c=d' });
    expect(w).toMatchObject({ code: 'config.allow-separator', variable: 'RESET_ALLOW' });
    expect(w?.message).toContain('entries are separated by commas (tag:a=b,tag:c=d)');
    expect(configWarnings({ RESET_ALLOW: 'tag:a=b,tag:c=d' })).toEqual([]);
  });

  it('words an unknown variable as a warning with the hint', () => {
    expect(configWarnings({ RESET_COOLDWN: '0' })).toEqual([
      {
        code: 'config.unknown-variable',
        variable: 'RESET_COOLDWN',
        message: 'RESET_COOLDWN is not a variable ecm-reset reads; did you mean RESET_COOLDOWN? (it is ignored)',
      },
    ]);
  });
});

describe('closestName', () => {
  it('is Levenshtein distance, and takes only near names', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('strat', ['start', 'build'])).toBe('start');
    expect(closestName('zzzzzzzz', ['start', 'build'])).toBeNull();
  });
});
