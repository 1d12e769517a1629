/**
 * Paths: how people move through the site, as a Sankey (steps left to right) and the top paths.
 * Anchor at the entry, at a touchpoint ("starting at /cart") or before one ("ending at
 * event:purchase"); per session or per visitor; up to 10 steps. Click a node to start there.
 */
import { useState } from 'preact/hooks';
import { MAX_DEPTH, pathsResultSchema, type PathsResult } from '../../../analysis/paths/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { setQuery } from '../router.js';
import { useApi } from '../use-api.js';
import { sankeyChart } from '../charts/options.js';
import { Chart, type ChartClick } from '../components/Chart.js';
import { Async, NoEvents } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';

type PathRow = PathsResult['paths'][number];
const SPECIAL = new Set(['(end)', '(start)', '(other)']);

const columns: Column<PathRow>[] = [
  { key: 'path', label: 'Path', value: (r) => r.steps.join(' → '), render: (r) => <span class="path-steps">{r.steps.join(' → ')}</span> },
  { key: 'count', label: 'Count', value: (r) => r.count, numeric: true },
  { key: 'share', label: 'Share', value: (r) => r.share, format: fmtRate, numeric: true },
];

export function Paths({ ctx }: { ctx: Ctx }) {
  const q = ctx.q;
  const mode = q.get('end') ? 'end' : q.get('start') ? 'start' : 'entry';
  const depth = Math.min(MAX_DEPTH, Math.max(2, Number(q.get('depth')) || 5));
  const scope = q.get('scope') === 'visitor' ? 'visitor' : 'session';
  const extra = { start: q.get('start') ?? undefined, end: q.get('end') ?? undefined, depth, scope, limit: 20 };
  const url = analysisUrl(ctx, 'paths', extra);
  const state = useApi(url, (signal) => request(url, pathsResultSchema, { signal }));
  const onNode = (p: ChartClick) => {
    const node = (p.data as { name?: string } | undefined)?.name;
    const label = node?.slice(node.indexOf(':') + 1);
    if (p.dataType === 'node' && label && !SPECIAL.has(label)) setQuery({ start: label, end: undefined });
  };

  return (
    <div class="view paths">
      <div class="view-head">
        <h1 class="view-title">Paths</h1>
        <PathControls key={`${mode}:${q.get('start')}:${q.get('end')}`} mode={mode} anchor={q.get(mode === 'end' ? 'end' : 'start') ?? ''} depth={depth} scope={scope} />
      </div>
      <Async state={state} isEmpty={(d) => d.units === 0} empty={<NoEvents site={ctx.site.id} />}>
        {(d) => (
          <>
            <p class="muted lead">
              {fmtInt(d.units)} {d.unit}s
              {d.anchor.kind === 'start' && <> that reached “{d.anchor.label}”, and where they went next</>}
              {d.anchor.kind === 'end' && <> that reached “{d.anchor.label}”, and how they got there</>}
              {d.anchor.kind === 'entry' && <>, from their entry page on</>}. Click a touchpoint to start the paths there.
            </p>
            <section class="card">
              <h3>Flow</h3>
              <div class="chart-wide">
                <Chart name="sankey" label="Sankey diagram of paths" height={sankeyHeight(d)} onClick={onNode} option={sankeyChart(toSankey(d))} />
              </div>
            </section>
            <Table name="paths" title="Top paths" rows={d.paths} columns={columns} initialSort={{ key: 'count', desc: true }} limit={20} />
          </>
        )}
      </Async>
    </div>
  );
}

function PathControls(props: { mode: 'entry' | 'start' | 'end'; anchor: string; depth: number; scope: 'session' | 'visitor' }) {
  const [anchor, setAnchor] = useState(props.anchor);
  const [mode, setMode] = useState(props.mode);
  const apply = (e: Event) => {
    e.preventDefault();
    const a = anchor.trim();
    setQuery({ start: mode === 'start' && a ? a : undefined, end: mode === 'end' && a ? a : undefined });
  };
  return (
    <form class="view-controls" onSubmit={apply} aria-label="Path options">
      <select aria-label="Anchor" value={mode} onChange={(e) => setMode(e.currentTarget.value as typeof mode)} data-testid="paths-mode">
        <option value="entry">From the entry page</option>
        <option value="start">Starting at…</option>
        <option value="end">Ending at…</option>
      </select>
      {mode !== 'entry' && <input aria-label="Touchpoint" value={anchor} placeholder="/cart or event:purchase" onInput={(e) => setAnchor(e.currentTarget.value)} data-testid="paths-anchor" />}
      <button type="submit" class="small">Apply</button>
      <label class="inline-field">
        Steps
        <select value={String(props.depth)} onChange={(e) => setQuery({ depth: e.currentTarget.value === '5' ? undefined : e.currentTarget.value })}>
          {Array.from({ length: MAX_DEPTH - 1 }, (_, i) => i + 2).map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label class="inline-field">
        Per
        <select value={props.scope} onChange={(e) => setQuery({ scope: e.currentTarget.value === 'session' ? undefined : e.currentTarget.value })} data-testid="paths-scope">
          <option value="session">Session</option>
          <option value="visitor">Visitor</option>
        </select>
      </label>
    </form>
  );
}

function toSankey(d: PathsResult) {
  return {
    nodes: d.sankey.nodes.map((n) => ({ name: n.id, label: n.label })),
    links: d.sankey.links.map((l) => ({ source: l.source, target: l.target, value: l.count })),
  };
}

/** Tall enough that the busiest step's nodes stay readable. */
function sankeyHeight(d: PathsResult): number {
  const perStep = new Map<number, number>();
  for (const n of d.sankey.nodes) perStep.set(n.step, (perStep.get(n.step) ?? 0) + 1);
  return Math.max(260, Math.max(0, ...perStep.values()) * 34 + 40);
}
