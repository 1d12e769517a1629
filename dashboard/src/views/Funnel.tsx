/**
 * Funnel: stage bars with the drop-off between them (click one: where those people went),
 * conversion over time, the stage table, a breakdown by any dimension with significant
 * differences marked, and the time-to-convert histogram; completion and each stage's conversion
 * against the previous period of the same length, and on demand what changed and why (WhatChanged).
 */
import { BREAKDOWNS, funnelResultSchema, type Breakdown, type FunnelResult } from '../../../analysis/funnel/schema.js';
import { request } from '../api.js';
import { pickJourney, type Ctx } from '../context.js';
import { comparedRange } from '../dates.js';
import { fmtDuration, fmtInt, fmtPt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { carry } from '../state.js';
import { useApi } from '../use-api.js';
import { barChart } from '../charts/options.js';
import { Chart } from '../components/Chart.js';
import { FunnelBars } from '../components/FunnelBars.js';
import { FunnelTrend } from '../components/FunnelTrend.js';
import { BreakdownPicker, BreakdownTable } from '../components/BreakdownTable.js';
import { JourneyPicker, journeyGate } from '../components/JourneyPicker.js';
import { Async, Empty, NoEvents } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { WhatChanged } from './WhatChanged.js';
import { WhereTheyWent } from './WhereTheyWent.js';

type Stage = FunnelResult['stages'][number];

/** Conversion from the previous stage, this period minus the one before; null when either is. */
const ptChange = (now: number | null, before: number | null | undefined) => (now === null || before === null || before === undefined ? null : Math.round((now - before) * 1e6) / 1e6);

const stageColumns = (before: FunnelResult | undefined): Column<Stage>[] => [
  { key: 'index', label: '#', value: (s) => s.index, numeric: true },
  { key: 'name', label: 'Stage', value: (s) => s.name },
  { key: 'owner', label: 'Owner', value: (s) => s.owner },
  { key: 'reached', label: 'Reached', value: (s) => s.reached, numeric: true },
  { key: 'conversion_from_previous', label: 'From previous', value: (s) => s.conversion_from_previous, format: fmtRate, numeric: true },
  { key: 'conversion_from_first', label: 'From first', value: (s) => s.conversion_from_first, format: fmtRate, numeric: true },
  { key: 'dropped', label: 'Dropped', value: (s) => s.dropped, format: fmtInt, numeric: true },
  { key: 'median_ms_from_previous', label: 'Median time', value: (s) => s.median_ms_from_previous, format: fmtDuration, numeric: true },
  { key: 'p75_ms_from_previous', label: 'p75 time', value: (s) => s.p75_ms_from_previous, format: fmtDuration, numeric: true },
  { key: 'target_rate', label: 'Target', value: (s) => s.target_rate, format: fmtRate, numeric: true },
  { key: 'target_gap', label: 'Gap', value: (s) => s.target_gap, format: fmtPt, numeric: true },
  ...(before
    ? [
        {
          key: 'change',
          label: 'vs before',
          value: (s: Stage) => ptChange(s.conversion_from_previous, before.stages[s.index - 1]?.conversion_from_previous),
          format: fmtPt,
          numeric: true,
          hint: 'Conversion from the previous stage, change against the previous period of the same length',
        },
      ]
    : []),
];

/** The share of units that completed the journey. */
const completion = (d: FunnelResult) => (d.units ? (d.stages.at(-1)?.reached ?? 0) / d.units : null);

export function Funnel({ ctx }: { ctx: Ctx }) {
  const journey = pickJourney(ctx);
  const by = ctx.q.get('breakdown');
  const breakdown = BREAKDOWNS.includes(by as Breakdown) ? (by as Breakdown) : undefined;
  const stage = Number(ctx.q.get('stage')) || undefined;
  const url = journey ? analysisUrl(ctx, 'funnel', { journey: journey.id, breakdown }) : null;
  const state = useApi(url, (signal) => request(url!, funnelResultSchema, { signal }));
  // The previous period of the same length (until the same hour when the range ends today), for the changes (asked after the current one).
  const prevUrl = journey ? analysisUrl(ctx, 'funnel', { journey: journey.id }, comparedRange(ctx.range, ctx.site.timezone)) : null;
  const before = useApi(prevUrl, (signal) => request(prevUrl!, funnelResultSchema, { signal })).data;
  const gate = journeyGate(ctx, journey);

  return (
    <div class="view funnel">
      <div class="view-head">
        <h1 class="view-title">Funnel</h1>
        {journey && (
          <div class="view-controls">
            <JourneyPicker ctx={ctx} journey={journey} />
            <BreakdownPicker label="Breakdown" value={breakdown} options={BREAKDOWNS} />
          </div>
        )}
      </div>
      {gate ??
        (journey && (
          <Async state={state} isEmpty={(d) => d.units === 0} empty={<NoEvents site={ctx.site.id} />}>
            {(d) => (
              <>
                <p class="muted lead">
                  {fmtInt(d.units)} {d.unit === 'visitor' ? 'visitors' : 'sessions'} in this period; {fmtInt(d.stages.at(-1)?.reached ?? 0)} completed “{journey.name}” (
                  {fmtRate(completion(d))}
                  {before && completion(before) !== null && (
                    <span data-funnel-change title="Against the previous period of the same length">
                      {' '}
                      vs {fmtRate(completion(before))} before, {fmtPt(ptChange(completion(d), completion(before)))}
                    </span>
                  )}
                  ).{' '}
                  {(d.stages.at(-1)?.reached ?? 0) > 0 && (
                    <Link href={carry('/people', ctx.q, { journey: journey.id, stage: String(d.stages.length) })} data-converted-link>
                      See who converted →
                    </Link>
                  )}
                </p>
                <section class="card">
                  <h3>Stages</h3>
                  <FunnelBars result={d} selected={stage} onDropoff={(k) => setQuery({ stage: k === stage ? undefined : String(k) })} />
                </section>
                {stage !== undefined && stage < d.stages.length && <WhereTheyWent ctx={ctx} journeyId={journey.id} stage={stage} />}
                <FunnelTrend d={d} journey={journey} ctx={ctx} />
                <Table name="funnel-stages" title="Stage details" rows={d.stages} columns={stageColumns(before)} limit={50} />
                <WhatChanged ctx={ctx} journeyId={journey.id} />
                {d.breakdown ? <BreakdownTable result={d} /> : <Empty title="Compare segments">Pick a breakdown above (channel, device, country…) to see which segments convert significantly better or worse.</Empty>}
                <ConvertHistogram d={d} />
              </>
            )}
          </Async>
        ))}
    </div>
  );
}

function ConvertHistogram({ d }: { d: FunnelResult }) {
  const t = d.time_to_convert;
  const h = t.histogram;
  return (
    <section class="card">
      <h3>Time to convert</h3>
      <p class="muted">
        {fmtInt(t.conversions)} conversions · median {fmtDuration(t.median_ms)} · p75 {fmtDuration(t.p75_ms)} (from the first stage to the last)
      </p>
      {t.conversions > 0 ? (
        <Chart name="time-to-convert" label="Time to convert histogram" height={220} option={barChart(h.map((b) => b.label), h.map((b) => b.count), 'Conversions', (v) => v.toLocaleString('en-US'))} />
      ) : (
        <p class="muted">Nobody completed the journey in this period.</p>
      )}
    </section>
  );
}
