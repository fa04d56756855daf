import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ECHO_MAX, echo, echoJson } from '../../../lib/function/kernel/echo';
import { capIssues, MAX_ISSUES } from '../../../lib/function/kernel/issues';

describe('echo', () => {
  it('returns short text as it is', () => {
    expect(echo('ein-aaaaaaaa')).toBe('ein-aaaaaaaa');
    expect(echo('x'.repeat(ECHO_MAX))).toBe('x'.repeat(ECHO_MAX));
    expect(echo('')).toBe('');
  });

  it('shortens long text to its start, its length and a hash', () => {
    const id = `ein-${'a'.repeat(40_000)}`;
    const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
    expect(echo(id)).toBe(`${id.slice(0, ECHO_MAX)}…(40004 chars, sha256:${hash})`);
    expect(echo(id, 8)).toBe(`ein-aaaa…(40004 chars, sha256:${hash})`);
    expect(echo(id, 0)).toBe(`…(40004 chars, sha256:${hash})`);
  });

  it('never makes a text longer than it was', () => {
    const text = 'x'.repeat(ECHO_MAX + 10);
    expect(echo(text)).toBe(text);
    expect(echo('reinstall started', 16)).toBe('reinstall started');
  });

  it('tells two long texts with the same start apart', () => {
    expect(echo(`${'a'.repeat(100)}1`)).not.toBe(echo(`${'a'.repeat(100)}2`));
  });

  it('counts code points and never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(60);
    expect(echo(emoji, 60)).toBe(emoji);
    const cut = echo(emoji, 3);
    expect(cut.startsWith('😀😀😀…(60 chars')).toBe(true);
    // A lone surrogate would not survive a round trip through UTF-8.
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });

  it('quotes strings as JSON and shows other values as JSON', () => {
    expect(echoJson('ein-x')).toBe('"ein-x"');
    expect(echoJson('a"b')).toBe('"a\\"b"');
    expect(echoJson(12)).toBe('12');
    expect(echoJson(null)).toBe('null');
    expect(echoJson({ a: 'x'.repeat(500) }).length).toBeLessThan(120);
    expect(echoJson(`ein-${'z'.repeat(1000)}`)).toMatch(/^"ein-z{60}…\(1004 chars, sha256:[0-9a-f]{8}\)"$/);
  });
});

describe('capIssues', () => {
  it('keeps the first issues, each shortened, and counts the rest in one more', () => {
    const issues = Array.from({ length: 1000 }, (_, i) => ({ path: `k${'p'.repeat(500)}${i}`, message: `m${'x'.repeat(5000)}` }));
    const capped = capIssues(issues);
    expect(capped).toHaveLength(MAX_ISSUES + 1);
    expect(capped[MAX_ISSUES]).toEqual({ path: '', message: 'and 980 more issues' });
    expect(JSON.stringify(capped).length).toBeLessThan(12_000);
    expect(capIssues(issues.slice(0, 3))).toHaveLength(3);
    expect(capIssues(issues.slice(0, 21), 20)[20]).toEqual({ path: '', message: 'and 1 more issue' });
  });
});
