/**
 * Overview: KPIs with change vs the previous period, the time series, realtime visitors, and the
 * top pages, custom events, traffic / technology / country tables. Clicking a value filters by it.
 */
import { overviewResultSchema, type OverviewResult } from '../../../analysis/overview/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { comparedRange, currentBucket, todayIn } from '../dates.js';
import { fmtDuration, fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { useApi } from '../use-api.js';
import { lineChart, withMarks } from '../charts/options.js';
import { marksOn, useAnnotations } from '../annotations.js';
import { Notes } from '../components/Notes.js';
import { Chart } from '../components/Chart.js';
import { BounceWhy } from '../components/BounceWhy.js';
import { Kpi } from '../components/Kpi.js';
import { Async, NoEvents } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { Tabs } from '../components/Tabs.js';
import { CustomEvents } from '../components/CustomEvents.js';
import { FilterLink } from '../components/FilterBar.js';
import { carry, type FilterKey } from '../state.js';

type Row = OverviewResult['channels'][number];
type PageRow = OverviewResult['pages'][number];

const rowColumns = (label: string, k?: FilterKey): Column<Row>[] => [
  { key: 'value', label, value: (r) => r.value, render: (r) => (k ? <FilterLink k={k} value={r.value} /> : r.value) },
  { key: 'visitors', label: 'Visitors', value: (r) => r.visitors, numeric: true },
  { key: 'sessions', label: 'Sessions', value: (r) => r.sessions, numeric: true },
  { key: 'pageviews', label: 'Views', value: (r) => r.pageviews, numeric: true },
  { key: 'bounce_rate', label: 'Bounce', value: (r) => r.bounce_rate, format: fmtRate, numeric: true, hint: 'Sessions that were not engaged' },
];

const pageColumns: Column<PageRow>[] = [
  { key: 'path', label: 'Page', value: (r) => r.path, render: (r) => <FilterLink k="page" value={r.path} /> },
  { key: 'views', label: 'Views', value: (r) => r.views, numeric: true },
  { key: 'visitors', label: 'Visitors', value: (r) => r.visitors, numeric: true },
  { key: 'entries', label: 'Entries', value: (r) => r.entries, numeric: true },
  { key: 'exits', label: 'Exits', value: (r) => r.exits, numeric: true },
  { key: 'bounce_rate', label: 'Bounce', value: (r) => r.bounce_rate, format: fmtRate, numeric: true, hint: 'Of sessions that entered here' },
  { key: 'exit_rate', label: 'Exit rate', value: (r) => r.exit_rate, format: fmtRate, numeric: true, hint: 'Exits / views' },
];

const table = (name: string, title: string, rows: Row[], k?: FilterKey) => (
  <Table name={name} rows={rows} columns={rowColumns(title, k)} initialSort={{ key: 'visitors', desc: true }} />
);

export function Overview({ ctx }: { ctx: Ctx }) {
  const url = analysisUrl(ctx, 'overview', { limit: 50 });
  const prevUrl = analysisUrl(ctx, 'overview', { only: 'totals' }, comparedRange(ctx.range, ctx.site.timezone));
  const state = useApi(url, async (signal) => {
    const [now, before] = await Promise.all([request(url, overviewResultSchema, { signal }), request(prevUrl, overviewResultSchema, { signal })]);
    return { now, before };
  });
  return (
    <div class="view overview">
      <h1 class="view-title">Overview</h1>
      <Realtime ctx={ctx} />
      <Async state={state} isEmpty={(d) => d.now.totals.pageviews === 0 && d.now.totals.sessions === 0} empty={<NoEvents site={ctx.site.id} />}>
        {({ now, before }) => <Body ctx={ctx} data={now} before={before} tz={ctx.site.timezone} />}
      </Async>
    </div>
  );
}

function Body({ ctx, data, before, tz }: { ctx: Ctx; data: OverviewResult; before: OverviewResult; tz: string }) {
  const t = data.totals;
  const p = before.totals;
  // Buckets still in the future (later today) would draw as zeros: cut them off.
  const now = currentBucket(tz, data.interval);
  const series = data.timeseries.filter((b) => b.bucket <= now);
  const labels = series.map((b) => b.bucket);
  // The period under way (today, this hour) is drawn dashed, "so far".
  const partial = labels.at(-1) === now ? labels.length - 1 : undefined;
  const notes = useAnnotations(ctx);
  const marks = marksOn(notes.list, labels);
  return (
    <>
      <section class="kpis" aria-label="Key figures">
        <Kpi id="visitors" label="Visitors" value={t.visitors} previous={p.visitors} format={fmtInt} />
        <Kpi id="sessions" label="Sessions" value={t.sessions} previous={p.sessions} format={fmtInt} />
        <Kpi id="pageviews" label="Page views" value={t.pageviews} previous={p.pageviews} format={fmtInt} />
        <Kpi
          id="bounce_rate"
          label="Bounce rate"
          value={t.bounce_rate}
          previous={p.bounce_rate}
          format={fmtRate}
          lowerIsBetter
          hint="Sessions with one page view, no event and under 10 s engaged"
          action={
            t.sessions > 0 && p.sessions > 0 && ctx.q.get('bounce_why') !== '1' ? (
              <button type="button" class="link small" data-bounce-explain onClick={() => setQuery({ bounce_why: '1' })}>
                What moved it?
              </button>
            ) : undefined
          }
        />
        <Kpi id="avg_session" label="Session duration" value={t.avg_session_ms} previous={p.avg_session_ms} format={fmtDuration} />
        <Kpi id="views_per_session" label="Views / session" value={t.views_per_session} previous={p.views_per_session} format={(v) => (v === null ? '–' : v.toFixed(2))} />
      </section>
      <BounceWhy ctx={ctx} />
      <section class="card">
        <h3>Visitors and page views per {data.interval}</h3>
        <Chart
          name="timeseries"
          label={`Visitors and page views per ${data.interval}`}
          marks={marks.map((m) => m.at)}
          partial={partial === undefined ? undefined : labels[partial]}
          option={withMarks(
            lineChart(labels, [
              { name: 'Visitors', values: series.map((b) => b.visitors) },
              { name: 'Page views', values: series.map((b) => b.pageviews) },
            ], (v) => v.toLocaleString('en-US'), undefined, partial),
            marks,
          )}
        />
        <Notes ctx={ctx} list={notes.list} reload={notes.reload} />
      </section>
      <div class="grid2">
        <Table name="pages" title="Top pages" class="span2" rows={data.pages} columns={pageColumns} initialSort={{ key: 'views', desc: true }} />
        <CustomEvents ctx={ctx} />
        <section class="card">
          <h3>Traffic</h3>
          <Tabs
            name="traffic"
            tabs={[
              { id: 'channels', label: 'Channels', render: () => table('channels', 'Channel', data.channels, 'channel') },
              { id: 'sources', label: 'Sources', render: () => table('sources', 'Source', data.sources, 'source') },
              { id: 'mediums', label: 'Mediums', render: () => table('mediums', 'Medium', data.mediums, 'medium') },
              { id: 'campaigns', label: 'Campaigns', render: () => table('campaigns', 'Campaign', data.campaigns, 'campaign') },
              { id: 'entry', label: 'Entry pages', render: () => table('entry_pages', 'Entry page', data.entry_pages, 'entry_page') },
            ]}
          />
        </section>
        <section class="card">
          <h3>Technology</h3>
          <Tabs
            name="tech"
            tabs={[
              { id: 'devices', label: 'Devices', render: () => table('devices', 'Device', data.devices, 'device') },
              { id: 'browsers', label: 'Browsers', render: () => table('browsers', 'Browser', data.browsers, 'browser') },
              { id: 'os', label: 'OS', render: () => table('os', 'OS', data.os, 'os') },
            ]}
          />
        </section>
        <section class="card">
          <h3>Countries</h3>
          {table('countries', 'Country', data.countries, 'country')}
        </section>
      </div>
    </>
  );
}

/** Visitors of the last 30 minutes, refreshed every 10 s (today's overview carries the realtime panel). */
function Realtime({ ctx }: { ctx: Ctx }) {
  const today = todayIn(ctx.site.timezone);
  const url = analysisUrl({ ...ctx, filters: {} }, 'overview', { limit: 8 }, { from: today, to: today, preset: 'today' });
  const state = useApi(url, (signal) => request(url, overviewResultSchema, { signal }), { pollMs: 10_000 });
  const rt = state.data?.realtime;
  return (
    <section class="card realtime" aria-live="polite" data-realtime>
      <div class="realtime-head">
        <span class={rt && rt.visitors > 0 ? 'pulse live' : 'pulse'} aria-hidden="true" />
        {/* Not loaded: '…' while asking, '—' once it failed (the reason on hover). */}
        <strong data-realtime-visitors title={rt ? undefined : state.error?.message}>{rt ? fmtInt(rt.visitors) : state.error ? '—' : '…'}</strong>
        <span>{rt?.visitors === 1 ? 'visitor' : 'visitors'} in the last 30 minutes</span>
        {rt && rt.visitors > 0 && (
          // Today's people, most recently seen first: those of the last 30 minutes lead the list.
          <Link href={carry('/people', new URLSearchParams({ site: ctx.site.id }), { range: 'today' })} class="realtime-people" data-realtime-people>
            See who →
          </Link>
        )}
      </div>
      {rt && rt.pages.length > 0 && (
        <ul class="realtime-pages">
          {rt.pages.slice(0, 8).map((p) => (
            <li key={p.path}>
              <span class="path">{p.path}</span> <span class="muted">{fmtInt(p.visitors)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
