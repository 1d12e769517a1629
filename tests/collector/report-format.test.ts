/**
 * `waymark report` prints visitors' text (paths, titles, UTM tags) to a terminal: characters a
 * terminal would act on are shown as escapes, so a page title cannot recolour, clear or retitle
 * the terminal, plant a hyperlink, break the table's lines or reorder what is shown.
 */
import { describe, expect, it } from 'vitest';
import { formatValue, renderTable } from '../../collector/report-format.js';

describe('report text', () => {
  it('shows control characters and bidirectional overrides as escapes', () => {
    expect(formatValue('path', '/a\u001b[2J\u001b]0;pwned\u0007')).toBe('/a\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(formatValue('title', 'line\nbreak\ttab\r\u0085')).toBe('line\\u000abreak\\u0009tab\\u000d\\u0085');
    expect(formatValue('utm_campaign', 'abc\u202Efdp.exe')).toBe('abc\\u202efdp.exe');
    expect(formatValue('path', '/café/😀 ok')).toBe('/café/😀 ok');
  });

  it('keeps a table one line per row whatever the text holds', () => {
    const out = renderTable({ columns: ['path', 'views'], rows: [{ path: '/x\n/y\u001b[31m', views: 3 }, { path: '/z', views: 1 }] });
    expect(out.split('\n')).toHaveLength(4); // header, rule, two rows
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
