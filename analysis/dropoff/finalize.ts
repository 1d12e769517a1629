/** Raw drop-off counts → result; shared by SQL and reference. */
import { topBy } from '../common/order.js';
import { rate } from '../common/stats.js';
import type { DropoffParams, DropoffRaw, DropoffResult } from './schema.js';

export function finalizeDropoff(raw: readonly DropoffRaw[], p: DropoffParams): DropoffResult {
  const total = raw.find((r) => r.kind === 'total');
  const dropped = total?.dropped ?? 0;
  const ranked = (kind: DropoffRaw['kind']) =>
    topBy(
      raw.filter((r) => r.kind === kind),
      (r) => r.n,
      (r) => r.label,
      p.limit,
    ).map((r) => ({ label: r.label, count: r.n, share: rate(r.n, dropped) }));
  const k = p.stage;
  return {
    unit: p.journey.scope,
    stage: { index: k, name: p.journey.stages[k - 1]!.name },
    next_stage: { index: k + 1, name: p.journey.stages[k]!.name },
    reached: total?.n ?? 0,
    dropped,
    dropoff_rate: rate(dropped, total?.n ?? 0),
    came_back: total?.came_back ?? 0,
    came_back_rate: rate(total?.came_back ?? 0, dropped),
    next_touchpoints: ranked('next'),
    exit_pages: ranked('exit'),
  };
}
