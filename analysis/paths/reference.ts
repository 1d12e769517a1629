/** Paths reference over EventRow[]: the same raw rows as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { cmpSteps } from './order.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { touchpointLabel } from '../common/touchpoint.js';
import { sessionUnits, unitPasses, visitorEvents, visitorUnits, type Unit } from '../common/units.js';
import { finalizePaths } from './finalize.js';
import { END_NODE, START_NODE, type PathsParams, type PathsRaw, type PathsResult } from './schema.js';
import { anchorOf, type AnchorKind } from './sql.js';

/** Units passing the filters (touchpoints only), as pathUnitsSql. */
export function pathUnits(rows: readonly EventRow[], site: SiteRef, p: { scope: 'session' | 'visitor' } & Parameters<typeof resolveScope>[1], filters: CompiledFilters): Unit[] {
  const visitors = visitorEvents(rows, resolveScope(site, p), false);
  const units = p.scope === 'visitor' ? visitorUnits(visitors) : sessionUnits(visitors);
  return units.filter((u) => unitPasses(u.evs, filters));
}

/** A unit's path as pathExprSql: collapsed labels cut at the anchor; null when the anchor is missing. */
export function unitPath(u: Unit, anchor: AnchorKind, label: string | null, depth: number): string[] | null {
  const cl: string[] = [];
  for (const e of u.evs) {
    const l = touchpointLabel(e.row);
    if (cl[cl.length - 1] !== l) cl.push(l);
  }
  if (anchor === 'entry') return cl.slice(0, depth);
  const k = cl.indexOf(label!);
  if (k < 0) return null;
  return anchor === 'start' ? cl.slice(k, k + depth) : cl.slice(Math.max(0, k - depth + 1), k + 1);
}

export function pathsRawFromRows(rows: readonly EventRow[], site: SiteRef, p: PathsParams): PathsRaw[] {
  const { kind: anchor, label } = anchorOf(p);
  const acc = new Map<string, PathsRaw>();
  const add = (kind: PathsRaw['kind'], step: number, a: string, b: string, steps: string[]) => {
    const key = JSON.stringify([kind, step, a, b, steps]);
    const r = acc.get(key) ?? { kind, step, a, b, steps, n: 0 };
    r.n += 1;
    acc.set(key, r);
  };
  for (const u of pathUnits(rows, site, p, compileFilters(p.filters))) {
    const path = unitPath(u, anchor, label, p.depth);
    if (!path) continue;
    const L = path.length;
    const off = anchor === 'end' ? p.depth - L : 0;
    add('total', 0, '', '', []);
    add('path', 0, '', '', path);
    path.forEach((l, j) => add('node', off + j + 1, l, '', []));
    for (let j = 1; j < L; j++) add('link', off + j, path[j - 1]!, path[j]!, []);
    if (L < p.depth && anchor === 'end') {
      add('node', off, START_NODE, '', []);
      add('link', off, START_NODE, path[0]!, []);
    } else if (L < p.depth) {
      add('node', L + 1, END_NODE, '', []);
      add('link', L, path[L - 1]!, END_NODE, []);
    }
  }
  const all = [...acc.values()];
  const top = all
    .filter((r) => r.kind === 'path')
    .sort((x, y) => y.n - x.n || cmpSteps(x.steps, y.steps))
    .slice(0, p.limit);
  return [...all.filter((r) => r.kind !== 'path'), ...top];
}

export function pathsReference(rows: readonly EventRow[], site: SiteRef, p: PathsParams): PathsResult {
  return finalizePaths(pathsRawFromRows(rows, site, p), p);
}
