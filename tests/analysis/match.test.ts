/**
 * Stage matching in ClickHouse against the definition: a path matcher is the anchored glob regex
 * of globToRegex (JavaScript, "s" flag). Literal globs compile to string equality, wildcard ones
 * to RE2; both must say what the regex says on tricky paths (regex characters, unicode, newlines).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileStages, globToRegex } from '../../analysis/journeys/match.js';
import { journeySchema } from '../../analysis/journeys/schema.js';
import { at, ev, insertRows, openAnalysisStore } from './helpers.js';

const GLOBS = ['/', '/cart', '/a.b', '/(x)+', '/café', '/product/*', '/product/**', '/c/*/d', '/line\nbreak', '/ü/*'];
const PATHS = [
  '/', '//', '/cart', '/cart/', '/Cart', '/cart\n', '/a.b', '/axb', '/(x)+', '/(x)', '/café', '/cafe', '/café/',
  '/product/', '/product/shoe', '/product/shoe/reviews', '/c/x/d', '/c//d', '/c/x/y/d', '/line\nbreak', '/ü/😀', '/ü',
];

let store: Store;
beforeAll(async () => {
  store = await openAnalysisStore();
  await insertRows(store, [
    ...PATHS.map((path, i) => ev({ site_id: 'm', ms: at(i), visitor_id: `v${i}`, path })),
    // Not a page view: path matchers never match it.
    ev({ site_id: 'm', ms: at(99), visitor_id: 'e', type: 'event', name: 'x', path: '/cart' }),
  ]);
});
afterAll(async () => {
  await store.close();
});

describe('path matchers in ClickHouse', () => {
  it('match exactly what the glob regex matches, literal globs by equality', async () => {
    const journey = journeySchema.parse({ name: 'm', stages: GLOBS.map((path, i) => ({ name: `s${i}`, matchers: [{ path }] })) });
    const stages = compileStages(journey);
    expect(stages.sql.filter((s) => s.includes('match(')).length).toBe(GLOBS.filter((g) => g.includes('*')).length);
    const res = await store.query({
      query: `SELECT type, path, toUInt64(${stages.maskSql}) AS mask FROM events AS e WHERE site_id = 'm' ORDER BY ts`,
      query_params: stages.params,
      format: 'JSONEachRow',
    });
    const rows = await res.json<{ type: string; path: string; mask: string | number }>();
    expect(rows).toHaveLength(PATHS.length + 1);
    for (const r of rows) {
      const expected = GLOBS.reduce((m, g, i) => (r.type === 'pageview' && new RegExp(globToRegex(g), 's').test(r.path) ? m + 2 ** i : m), 0);
      expect({ path: r.path, mask: Number(r.mask) }).toEqual({ path: r.path, mask: expected });
    }
    // The grid is not trivial: some literal and some wildcard globs match something.
    expect(rows.some((r) => Number(r.mask) & 2)).toBe(true);
    expect(rows.some((r) => Number(r.mask) & 32)).toBe(true);
  });
});
