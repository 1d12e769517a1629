/** The snippet's setting parsers (pure): path globs for data-exclude, download extensions. */
import { describe, expect, it } from 'vitest';
import { extensions, globs } from '../../snippet/src/config.js';

describe('globs (data-exclude)', () => {
  const re = globs(' /admin/**, /drafts/*  /exact ')!;
  it.each([
    ['/admin', false],
    ['/admin/', true],
    ['/admin/users', true],
    ['/admin/users/7/edit', true],
    ['/drafts/one', true],
    ['/drafts/one/', true],
    ['/drafts/one/two', false], // `*` stays inside one segment
    ['/exact', true],
    ['/exact/', true],
    ['/exactly', false],
    ['/', false],
  ])('%s excluded: %s', (p, excluded) => {
    expect(re.test(p)).toBe(excluded);
  });
  it('nothing excluded when empty or absent', () => {
    expect(globs(undefined)).toBeFalsy();
    expect(globs('')).toBeFalsy();
    expect(globs(' , ')).toBeFalsy();
  });
});

describe('extensions (downloads)', () => {
  it('has a default list, case-insensitive', () => {
    const re = extensions(undefined);
    for (const p of ['/r.pdf', '/a/b.ZIP', '/x.xlsx', '/x.docx', '/s.mp4', '/s.mp3']) expect(re.test(p)).toBe(true);
    for (const p of ['/page.html', '/pdf', '/a.pdf/more', '/x.js']) expect(re.test(p)).toBe(false);
  });
  it('a configured list replaces the default', () => {
    const re = extensions('csv, txt');
    expect(re.test('/d.csv')).toBe(true);
    expect(re.test('/d.txt')).toBe(true);
    expect(re.test('/r.pdf')).toBe(false);
  });
});
