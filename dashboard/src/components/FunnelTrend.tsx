/**
 * A funnel's conversion over time: who entered the journey each hour or day and how many of them
 * completed it, so a shop owner can see when checkout started leaking. Buckets whose conversion
 * window is still open are drawn dashed and said so: their rate can still rise. Buckets later than
 * now are cut off (they would draw as zeros). Clicking a bucket narrows the range to it.
 */
import type { FunnelResult } from '../../../analysis/funnel/schema.js';
import type { StoredJourney } from '../../../analysis/journeys/schema.js';
import { rateLinesChart, trendChart, withMarks } from '../charts/options.js';
import { marksOn, useAnnotations } from '../annotations.js';
import type { Ctx } from '../context.js';
import { bucketPoint, currentBucket } from '../dates.js';
import { MIN_SEGMENT_ENTRANTS, segmentSeries } from '../trend-series.js';
import { fmtDuration, fmtInt, fmtRate } from '../format.js';
import { Link, navigate } from '../router.js';
import { BREAKDOWN_LABELS } from './BreakdownTable.js';
import { Chart } from './Chart.js';
import { Table, type Column } from './Table.js';

type Bucket = NonNullable<FunnelResult['trend']>['buckets'][number];

/** This view narrowed to one bucket (from = to = its range point), everything else kept. */
function narrowedTo(q: URLSearchParams, bucket: string): string {
  const point = bucketPoint(bucket);
  const next = new URLSearchParams(q);
  next.delete('range');
  next.set('from', point);
  next.set('to', point);
  return `${location.pathname}?${next}`;
}

export function FunnelTrend({ d, journey, ctx }: { d: FunnelResult; journey: StoredJourney; ctx: Ctx }) {
  const tz = ctx.site.timezone;
  const q = ctx.q;
  const notes = useAnnotations(ctx);
  const trend = d.trend;
  if (!trend) return null;
  const now = currentBucket(tz, trend.interval);
  const buckets = trend.buckets.filter((b) => b.bucket <= now);
  const first = d.stages[0]?.name ?? '';
  const last = d.stages.at(-1)?.name ?? '';
  const open = buckets.filter((b) => !b.complete).length;
  const units = d.unit === 'visitor' ? 'visitors' : 'sessions';
  const marks = marksOn(notes.list, buckets.map((b) => b.bucket));
  const columns: Column<Bucket>[] = [
    {
      key: 'bucket',
      label: trend.interval === 'day' ? 'Day' : 'Hour',
      value: (b) => b.bucket,
      render: (b) => <Link href={narrowedTo(q, b.bucket)}>{b.bucket}</Link>,
    },
    ...d.stages.map(
      (s, k): Column<Bucket> => ({ key: `reached_${k + 1}`, label: k === 0 ? `Entered (${s.name})` : s.name, value: (b) => b.reached[k] ?? 0, numeric: true, format: fmtInt }),
    ),
    { key: 'conversion_rate', label: 'Conversion', value: (b) => b.conversion_rate, format: fmtRate, numeric: true },
    { key: 'complete', label: 'Window', value: (b) => (b.complete ? 'closed' : 'still converting'), hint: `Closed: everyone who entered then has had the journey's whole window (${fmtDuration(journey.window_ms)}) to convert.` },
  ];
  return (
    <>
      <section class="card" data-testid="funnel-trend">
        <h3>Conversion over time</h3>
        <p class="muted">
          {units[0]!.toUpperCase() + units.slice(1)} who reached “{first}” each {trend.interval}, and the share of them who completed “{last}”. Click {trend.interval === 'hour' ? 'an hour' : 'a day'} to look at it alone.
          {open > 0 && (
            <span data-testid="trend-open">
              {' '}
              Dashed: {open === buckets.length ? `every ${trend.interval} here` : `the last ${open === 1 ? trend.interval : `${fmtInt(open)} ${trend.interval}s`}`} entered less than the journey's window (
              {fmtDuration(journey.window_ms)}) before the end of the range, so more of them may still convert.
              {open === buckets.length && ' A longer range shows how many did.'}
            </span>
          )}
        </p>
        {buckets.some((b) => (b.reached[0] ?? 0) > 0) ? (
          <Chart
            name="funnel-trend"
            label={`Conversion per ${trend.interval}`}
            marks={marks.map((m) => m.at)}
            option={withMarks(
              trendChart(
                buckets.map((b) => b.bucket),
                buckets.map((b) => b.reached[0] ?? 0),
                buckets.map((b) => b.conversion_rate),
                buckets.map((b) => b.complete),
                (v) => fmtInt(v),
                (v) => fmtRate(v),
              ),
              marks,
            )}
            onClick={(p) => {
              const b = buckets[p.dataIndex];
              if (b) navigate(narrowedTo(q, b.bucket));
            }}
          />
        ) : (
          <p class="muted">Nobody reached “{first}” in this period.</p>
        )}
      </section>
      {trend.segments && d.breakdown && (
        <section class="card" data-testid="funnel-trend-segments">
          <h3>Conversion over time by {BREAKDOWN_LABELS[d.breakdown.by].toLowerCase()}</h3>
          <p class="muted">
            The share of each segment's entrants who completed “{last}”, per {trend.interval} (the segments of the breakdown below). A {trend.interval} with fewer than{' '}
            {MIN_SEGMENT_ENTRANTS} entrants in a segment draws no point: its rate would say little.
          </p>
          <Chart
            name="funnel-trend-segments"
            label={`Conversion per ${trend.interval} by ${d.breakdown.by}`}
            option={rateLinesChart(
              buckets.map((b) => b.bucket),
              segmentSeries(trend.segments, buckets.length),
              (v) => fmtRate(v),
            )}
          />
        </section>
      )}
      <Table name="funnel-trend" title={`Conversion per ${trend.interval}`} rows={buckets} columns={columns} initialSort={{ key: 'bucket', desc: true }} limit={7} />
    </>
  );
}
