/** Drop-off reference over EventRow[]: the same counts as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { NONE, dimensionValue } from '../common/dimensions.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { LEFT_SITE, touchpointLabel } from '../common/touchpoint.js';
import { funnelUnits } from '../funnel/core.js';
import { finalizeDropoff } from './finalize.js';
import type { DropoffParams, DropoffRaw, DropoffResult } from './schema.js';
import { dropoffOptions } from './sql.js';

export function dropoffRawFromRows(rows: readonly EventRow[], site: SiteRef, p: DropoffParams): DropoffRaw[] {
  const o = dropoffOptions(p);
  const k = p.stage;
  const acc = new Map<string, DropoffRaw>();
  const add = (kind: DropoffRaw['kind'], label: string, dropped: boolean, cameBack: boolean) => {
    const key = `${kind}\u0000${label}`;
    const a = acc.get(key) ?? { kind, label, n: 0, dropped: 0, came_back: 0 };
    a.n += 1;
    a.dropped += dropped ? 1 : 0;
    a.came_back += dropped && cameBack ? 1 : 0;
    acc.set(key, a);
  };
  for (const fu of funnelUnits(rows, resolveScope(site, p), p.journey, o.stages, o.filters)) {
    if (fu.level < k) continue;
    const { evs, sess, starts } = fu.unit;
    const dropped = fu.level === k;
    const tk = fu.chain[k - 1]!;
    const sk = sess[evs.findIndex((e) => e.ms === tk)]!;
    const ns = starts[sk] ?? 0;
    const cameBack = ns > 0 && ns <= fu.chain[0]! + p.journey.window_ms;
    add('total', '', dropped, cameBack);
    if (!dropped) continue;
    const next = evs.findIndex((e, i) => e.ms > tk && sess[i] === sk);
    let exit = -1;
    evs.forEach((e, i) => {
      if (sess[i] === sk && e.kind === KIND.pageview) exit = i;
    });
    add('next', next >= 0 ? touchpointLabel(evs[next]!.row) : LEFT_SITE, dropped, cameBack);
    add('exit', exit >= 0 ? dimensionValue('entry_page', evs[exit]!.row) : NONE, dropped, cameBack);
  }
  return [...acc.values()];
}

export function dropoffReference(rows: readonly EventRow[], site: SiteRef, p: DropoffParams): DropoffResult {
  return finalizeDropoff(dropoffRawFromRows(rows, site, p), p);
}
