/** Raw path rows (SQL or reference) → top paths and the Sankey graph with "(other)" nodes. */
import { cmpStr } from '../common/order.js';
import { rate } from '../common/stats.js';
import { END_NODE, OTHER_NODE, START_NODE, type PathsParams, type PathsRaw, type PathsResult } from './schema.js';
import { cmpSteps } from './order.js';
import { anchorOf } from './sql.js';

const SPECIAL = new Set([END_NODE, START_NODE, OTHER_NODE]);
const byCount = <T extends { count: number; label: string }>(a: T, b: T) =>
  Number(SPECIAL.has(a.label)) - Number(SPECIAL.has(b.label)) || b.count - a.count || cmpStr(a.label, b.label);

export function finalizePaths(raw: readonly PathsRaw[], p: PathsParams): PathsResult {
  const units = raw.find((r) => r.kind === 'total')?.n ?? 0;
  const paths = raw
    .filter((r) => r.kind === 'path')
    .sort((a, b) => b.n - a.n || cmpSteps(a.steps, b.steps))
    .slice(0, p.limit)
    .map((r) => ({ steps: r.steps, count: r.n, share: rate(r.n, units) }));

  // Per step: the labels that keep their own node; the rest fold into "(other)".
  const kept = new Map<number, Set<string>>();
  const steps = [...new Set(raw.filter((r) => r.kind === 'node').map((r) => r.step))].sort((a, b) => a - b);
  for (const step of steps) {
    const named = raw
      .filter((r) => r.kind === 'node' && r.step === step && !SPECIAL.has(r.a))
      .map((r) => ({ label: r.a, count: r.n }))
      .sort(byCount)
      .filter((x, i) => i < p.nodes && x.count >= p.min_share * units);
    kept.set(step, new Set(named.map((x) => x.label)));
  }
  const name = (step: number, label: string) => (SPECIAL.has(label) || kept.get(step)?.has(label) ? label : OTHER_NODE);

  const nodes = new Map<string, { id: string; step: number; label: string; count: number }>();
  for (const r of raw.filter((x) => x.kind === 'node')) {
    const label = name(r.step, r.a);
    const id = `${r.step}:${label}`;
    const node = nodes.get(id) ?? { id, step: r.step, label, count: 0 };
    node.count += r.n;
    nodes.set(id, node);
  }
  const links = new Map<string, { source: string; target: string; count: number }>();
  for (const r of raw.filter((x) => x.kind === 'link')) {
    const source = `${r.step}:${name(r.step, r.a)}`;
    const target = `${r.step + 1}:${name(r.step + 1, r.b)}`;
    const key = JSON.stringify([source, target]);
    const link = links.get(key) ?? { source, target, count: 0 };
    link.count += r.n;
    links.set(key, link);
  }
  const nodeOrder = new Map(
    [...nodes.values()].sort((a, b) => a.step - b.step || byCount(a, b)).map((n, i) => [n.id, i] as const),
  );
  return {
    unit: p.scope,
    anchor: anchorOf(p),
    depth: p.depth,
    units,
    paths,
    sankey: {
      nodes: [...nodes.values()].sort((a, b) => nodeOrder.get(a.id)! - nodeOrder.get(b.id)!),
      links: [...links.values()].sort(
        (a, b) => nodeOrder.get(a.source)! - nodeOrder.get(b.source)! || nodeOrder.get(a.target)! - nodeOrder.get(b.target)!,
      ),
    },
  };
}
