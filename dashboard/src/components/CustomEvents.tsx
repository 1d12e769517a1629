/**
 * The overview's custom events (`waymark('event', …)`): per name its count, the visitors who sent
 * it and their share of all visitors (the event as a goal), revenue. "Properties" lists one
 * event's property values (kept in `?props_of=`, so the view can be shared); the name filters the
 * dashboard to the sessions that sent it; "See who" lists the people who sent it.
 */
import { customEventsResultSchema, type CustomEventsResult } from '../../../analysis/custom-events/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtMoney, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { carry } from '../state.js';
import { useApi } from '../use-api.js';
import { FilterLink } from './FilterBar.js';
import { Async } from './States.js';
import { Table, type Column } from './Table.js';
import { Chart } from './Chart.js';
import { lineChart } from '../charts/options.js';
import { currentBucket } from '../dates.js';

type EventRow = CustomEventsResult['events'][number];
type PropRow = CustomEventsResult['props'][number];

const PROPS_KEY = 'props_of';

const propColumns: Column<PropRow>[] = [
  { key: 'key', label: 'Property', value: (r) => r.key },
  { key: 'value', label: 'Value', value: (r) => r.value },
  { key: 'events', label: 'Events', value: (r) => r.events, numeric: true, format: fmtInt },
  { key: 'visitors', label: 'Visitors', value: (r) => r.visitors, numeric: true, format: fmtInt },
  { key: 'share', label: 'Share', value: (r) => r.share, numeric: true, format: fmtRate, hint: 'Of this event’s count' },
  { key: 'revenue', label: 'Revenue', value: (r) => r.revenue, numeric: true, format: fmtMoney },
];

export function CustomEvents({ ctx }: { ctx: Ctx }) {
  const selected = ctx.q.get(PROPS_KEY) ?? undefined;
  const url = analysisUrl(ctx, 'custom_events', { limit: 50, name: selected });
  const state = useApi(url, (signal) => request(url, customEventsResultSchema, { signal }));
  const columns: Column<EventRow>[] = [
    { key: 'name', label: 'Event', value: (r) => r.name, render: (r) => <FilterLink k="event" value={r.name} /> },
    { key: 'events', label: 'Events', value: (r) => r.events, numeric: true, format: fmtInt },
    { key: 'visitors', label: 'Visitors', value: (r) => r.visitors, numeric: true, format: fmtInt },
    { key: 'conversion_rate', label: 'Conversion', value: (r) => r.conversion_rate, numeric: true, format: fmtRate, hint: 'Visitors who sent it / all visitors' },
    { key: 'revenue', label: 'Revenue', value: (r) => r.revenue, numeric: true, format: fmtMoney },
    {
      key: 'props',
      label: '',
      value: () => null,
      render: (r) => (
        <span class="row-actions">
          <button type="button" class="link small" data-props-of={r.name} onClick={() => setQuery({ [PROPS_KEY]: r.name === selected ? undefined : r.name })}>
            {r.name === selected ? 'Hide details' : 'Details'}
          </button>
          <Link class="small" href={carry('/people', ctx.q, { event: r.name })} data-who-sent={r.name}>
            See who →
          </Link>
        </span>
      ),
    },
  ];
  return (
    <div class="span2 custom-events" data-custom-events>
      <Async state={state} label="Loading custom events…">
        {(d) => (
          <>
            <Table
              name="custom-events"
              title="Custom events"
              rows={d.events}
              columns={columns}
              initialSort={{ key: 'events', desc: true }}
              empty="No custom events in this period. Send them from the page with waymark('event', 'signup'), or declare them with data-waymark-event."
            />
            {selected !== undefined && d.series && <EventSeries name={selected} series={d.series} tz={ctx.site.timezone} />}
            {selected !== undefined && (
              <Table
                name="custom-event-props"
                title={`Properties of “${selected}”`}
                rows={d.props}
                columns={propColumns}
                initialSort={{ key: 'events', desc: true }}
                empty={`“${selected}” carried no properties in this period.`}
              />
            )}
          </>
        )}
      </Async>
    </div>
  );
}

/** One event over time: how many were sent per hour or day (bars) and, when it carries any, their revenue (line). */
function EventSeries({ name, series, tz }: { name: string; series: NonNullable<CustomEventsResult['series']>; tz: string }) {
  // Buckets still in the future would draw as zeros: cut them off, as the overview does.
  const now = currentBucket(tz, series.interval);
  const buckets = series.buckets.filter((b) => b.bucket <= now);
  const paid = buckets.some((b) => b.revenue !== 0);
  const partial = buckets.at(-1)?.bucket === now ? buckets.length - 1 : undefined;
  return (
    <section class="card" data-event-series={name}>
      <h3>
        “{name}” per {series.interval}
      </h3>
      <Chart
        name="event-series"
        label={`“${name}” per ${series.interval}${paid ? ', with revenue' : ''}`}
        height={220}
        partial={partial === undefined ? undefined : now}
        option={lineChart(
          buckets.map((b) => b.bucket),
          [{ name: 'Events', values: buckets.map((b) => b.events), kind: 'bar' }, ...(paid ? [{ name: 'Revenue', values: buckets.map((b) => b.revenue), right: true }] : [])],
          (v) => fmtInt(v),
          (v) => fmtMoney(v),
          partial,
        )}
      />
    </section>
  );
}
