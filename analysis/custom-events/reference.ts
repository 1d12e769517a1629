/** Custom events reference over EventRow[]: the same raw groups as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { compileFilters } from '../common/filters.js';
import { toMicro } from '../common/money.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { passingSessions } from '../common/units.js';
import { bucketLabel } from '../common/time.js';
import { customEventsInterval, finalizeCustomEvents } from './finalize.js';
import type { CustomEventsParams, CustomEventsRaw, CustomEventsResult } from './schema.js';

export function customEventsRawFromRows(rows: readonly EventRow[], site: SiteRef, p: CustomEventsParams): CustomEventsRaw[] {
  const filters = compileFilters(p.filters);
  const acc = new Map<string, CustomEventsRaw & { who: Set<string> }>();
  const add = (kind: CustomEventsRaw['kind'], name: string, key: string, value: string, canon: string, row: EventRow | null) => {
    const id = JSON.stringify([kind, name, key, value]);
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { kind, name, key, value, events: 0, visitors: 0, revenue_micro: 0, who: new Set() }));
    a.who.add(canon);
    if (!row) return;
    a.events += 1;
    a.revenue_micro += toMicro(row.revenue);
  };
  const scope = resolveScope(site, p);
  const interval = customEventsInterval(scope, p);
  for (const s of passingSessions(rows, scope, filters, false)) {
    add('total', '', '', '', s.canon, null);
    for (const e of s.evs) {
      if (e.kind !== KIND.event) continue;
      add('total', '', '', '', s.canon, e.row);
      add('name', e.row.name, '', '', s.canon, e.row);
      if (e.row.name !== p.name) continue;
      add('bucket', e.row.name, bucketLabel(e.ms, scope.tz, interval), '', s.canon, e.row);
      for (const [key, value] of Object.entries(e.row.props)) add('prop', e.row.name, key, value, s.canon, e.row);
    }
  }
  return [...acc.values()].map(({ who, ...r }) => ({ ...r, visitors: who.size }));
}

export function customEventsReference(rows: readonly EventRow[], site: SiteRef, p: CustomEventsParams): CustomEventsResult {
  return finalizeCustomEvents(customEventsRawFromRows(rows, site, p), resolveScope(site, p), p);
}
