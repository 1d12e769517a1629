/**
 * Sources: one journey's funnel side by side per channel, source, medium or campaign, significant
 * differences marked, each segment's top path, first vs last touch; and attribution by model.
 */
import type { FunnelResult } from '../../../analysis/funnel/schema.js';
import { SOURCE_BYS, sourcesResultSchema, type SourcesResult } from '../../../analysis/sources/schema.js';
import { request } from '../api.js';
import { pickJourney, type Ctx } from '../context.js';
import { fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { carry } from '../state.js';
import { Link, setQuery } from '../router.js';
import { useApi } from '../use-api.js';
import { BreakdownTable, BREAKDOWN_LABELS } from '../components/BreakdownTable.js';
import { JourneyPicker, journeyGate } from '../components/JourneyPicker.js';
import { Async, NoEvents } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { Attribution } from './Attribution.js';

const BY = SOURCE_BYS;
const COLUMNS = 6;
type Touch = SourcesResult['touch']['segments'][number];

export function Sources({ ctx }: { ctx: Ctx }) {
  const journey = pickJourney(ctx);
  const by = BY.find((b) => b === ctx.q.get('by')) ?? 'channel';
  const url = journey ? analysisUrl(ctx, 'sources', { journey: journey.id, by, segments: 20 }) : null;
  const state = useApi(url, (signal) => request(url!, sourcesResultSchema, { signal }));
  return (
    <div class="view sources">
      <div class="view-head">
        <h1 class="view-title">Sources</h1>
        {journey && (
          <div class="view-controls">
            <JourneyPicker ctx={ctx} journey={journey} />
            <div class="segmented" role="group" aria-label="Compare by">
              {BY.map((b) => (
                <button key={b} type="button" class={b === by ? 'active' : ''} aria-pressed={b === by} onClick={() => setQuery({ by: b === 'channel' ? undefined : b })}>
                  {BREAKDOWN_LABELS[b]}
                </button>
              ))}
            </div>
          </div>
        )}
      </div>
      {journeyGate(ctx, journey) ??
        (journey && (
          <>
            <Async state={state} isEmpty={(d) => d.funnel.units === 0} empty={<NoEvents site={ctx.site.id} />}>
              {(d) => (
                <>
                  <p class="muted lead">
                    “{journey.name}” per {BREAKDOWN_LABELS[by].toLowerCase()} of the {d.funnel.unit}’s entry. ▲/▼: conversion from the previous stage significantly better/worse than all other {BREAKDOWN_LABELS[by].toLowerCase()}s (p &lt; 0.05).{' '}
                    <Link href={carry('/retention', ctx.q, { breakdown: by })} data-retention-link>
                      Do they come back? Retention by {BREAKDOWN_LABELS[by].toLowerCase()} →
                    </Link>
                  </p>
                  <SideBySide d={d.funnel} paths={d.top_paths} />
                  <BreakdownTable result={d.funnel} title={`All ${BREAKDOWN_LABELS[by].toLowerCase()}s`} />
                  <Table
                    name={`touch-by-${by}`}
                    title={`First vs last touch (${fmtInt(d.touch.conversions)} converted visitors)`}
                    rows={d.touch.segments}
                    columns={touchColumns(BREAKDOWN_LABELS[by])}
                    initialSort={{ key: 'first_touch', desc: true }}
                  />
                </>
              )}
            </Async>
            <Attribution ctx={ctx} journey={journey} />
          </>
        ))}
    </div>
  );
}

const touchColumns = (label: string): Column<Touch>[] => [
  { key: 'value', label, value: (r) => r.value },
  { key: 'first_touch', label: 'First touch', value: (r) => r.first_touch, numeric: true, hint: 'Converted visitors whose first visit came from here' },
  { key: 'first_touch_share', label: 'Share', value: (r) => r.first_touch_share, format: fmtRate, numeric: true },
  { key: 'last_touch', label: 'Last touch', value: (r) => r.last_touch, numeric: true, hint: 'Converted visitors whose converting visit came from here' },
  { key: 'last_touch_share', label: 'Share', value: (r) => r.last_touch_share, format: fmtRate, numeric: true },
];

function SideBySide({ d, paths }: { d: FunnelResult; paths: SourcesResult['top_paths'] }) {
  const segs = (d.breakdown?.segments ?? []).slice(0, COLUMNS);
  const last = d.stages.length - 1;
  return (
    <div class="side-by-side" data-side-by-side>
      {segs.map((s) => {
        const first = s.stages[0]?.reached ?? 0;
        const done = s.stages[last]?.reached ?? 0;
        return (
          <section class="card mini-funnel" key={s.value} data-segment={s.value}>
            <h3 title={s.value}>{s.value}</h3>
            <p class="muted">
              {fmtInt(s.units)} {d.unit}s · <strong data-completed>{fmtRate(s.units ? done / s.units : null)}</strong> complete
            </p>
            <ol>
              {s.stages.map((x, i) => {
                const base = d.stages[i]?.conversion_from_previous ?? null;
                const better = x.significant && base !== null && x.conversion_from_previous !== null && x.conversion_from_previous > base;
                return (
                  <li key={i}>
                    <span class="mini-name">{d.stages[i]?.name}</span>
                    <span class="mini-bar" style={{ width: `${first ? Math.max((x.reached / Math.max(first, 1)) * 100, 1) : 1}%` }} />
                    <span class="mini-num">
                      {fmtInt(x.reached)} · <span class={x.significant ? (better ? 'sig better' : 'sig worse') : undefined}>{fmtRate(x.conversion_from_previous)}{x.significant ? (better ? ' ▲' : ' ▼') : ''}</span>
                    </span>
                  </li>
                );
              })}
            </ol>
            <TopPath path={paths.find((p) => p.segment === s.value)} />
          </section>
        );
      })}
    </div>
  );
}

function TopPath({ path }: { path: SourcesResult['top_paths'][number] | undefined }) {
  if (!path || path.steps.length === 0) return null;
  return (
    <p class="top-path" title="The most common path of this segment">
      <span class="muted">Top path ({fmtRate(path.share, 0)}):</span> <span class="path-steps">{path.steps.join(' → ')}</span>
    </p>
  );
}
