/**
 * Pages: views, entries, bounce, exits and load time per page; bounce rate by entry page, channel
 * and device; and bounce by the entry page's load time — do slow pages lose people?
 */
import { pagesResultSchema, type PagesResult } from '../../../analysis/pages/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtLoad, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { useApi } from '../use-api.js';
import { dualBarChart } from '../charts/options.js';
import { Chart } from '../components/Chart.js';
import { FilterLink } from '../components/FilterBar.js';
import { Async, NoEvents } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { Tabs } from '../components/Tabs.js';
import type { FilterKey } from '../state.js';

type PageRow = PagesResult['pages'][number];
type Segment = PagesResult['bounce_by_channel'][number];
type LoadRow = PagesResult['bounce_by_load'][number];

const pageColumns: Column<PageRow>[] = [
  { key: 'path', label: 'Page', value: (r) => r.path, render: (r) => <FilterLink k="page" value={r.path} /> },
  { key: 'views', label: 'Views', value: (r) => r.views, numeric: true },
  { key: 'entries', label: 'Entries', value: (r) => r.entries, numeric: true },
  { key: 'bounce_rate', label: 'Bounce', value: (r) => r.bounce_rate, format: fmtRate, numeric: true, hint: 'Of sessions that entered here' },
  { key: 'exits', label: 'Exits', value: (r) => r.exits, numeric: true },
  { key: 'exit_rate', label: 'Exit rate', value: (r) => r.exit_rate, format: fmtRate, numeric: true, hint: 'Exits / views' },
  { key: 'load_p50_ms', label: 'Load p50', value: (r) => r.load_p50_ms, format: fmtLoad, numeric: true },
  { key: 'load_p75_ms', label: 'Load p75', value: (r) => r.load_p75_ms, format: fmtLoad, numeric: true },
];

const segmentColumns = (label: string, k: FilterKey): Column<Segment>[] => [
  { key: 'value', label, value: (r) => r.value, render: (r) => <FilterLink k={k} value={r.value} /> },
  { key: 'sessions', label: 'Sessions', value: (r) => r.sessions, numeric: true },
  { key: 'bounces', label: 'Bounces', value: (r) => r.bounces, numeric: true },
  { key: 'bounce_rate', label: 'Bounce rate', value: (r) => r.bounce_rate, format: fmtRate, numeric: true },
];

const loadColumns: Column<LoadRow>[] = [
  { key: 'bucket', label: 'Entry page load', value: (r) => r.bucket },
  { key: 'sessions', label: 'Sessions', value: (r) => r.sessions, numeric: true },
  { key: 'bounces', label: 'Bounces', value: (r) => r.bounces, numeric: true },
  { key: 'bounce_rate', label: 'Bounce rate', value: (r) => r.bounce_rate, format: fmtRate, numeric: true },
];

export function Pages({ ctx }: { ctx: Ctx }) {
  const url = analysisUrl(ctx, 'pages', { limit: 100 });
  const state = useApi(url, (signal) => request(url, pagesResultSchema, { signal }));
  return (
    <div class="view pages">
      <h1 class="view-title">Pages</h1>
      <Async state={state} isEmpty={(d) => d.totals.sessions === 0} empty={<NoEvents site={ctx.site.id} />}>
        {(d) => <Body d={d} />}
      </Async>
    </div>
  );
}

function Body({ d }: { d: PagesResult }) {
  const load = d.bounce_by_load;
  const slowest = [...d.pages].filter((p) => p.load_p75_ms !== null).sort((a, b) => b.load_p75_ms! - a.load_p75_ms!)[0];
  return (
    <>
      <p class="lead">
        <strong data-pages-sessions>{fmtInt(d.totals.sessions)}</strong> sessions, <strong data-pages-bounce>{fmtRate(d.totals.bounce_rate)}</strong> bounced
        {slowest && (
          <>
            {' '}· slowest page: <span class="path">{slowest.path}</span> (p75 {fmtLoad(slowest.load_p75_ms)})
          </>
        )}
        .
      </p>
      <section class="card">
        <h3>Do slow pages lose people?</h3>
        <p class="muted">Sessions by how long their entry page took to load, and how many of them bounced.</p>
        <Chart
          name="load-bounce"
          label="Sessions and bounce rate by entry page load time"
          height={240}
          option={dualBarChart(
            load.map((b) => b.bucket),
            { name: 'Sessions', values: load.map((b) => b.sessions) },
            { name: 'Bounce rate', values: load.map((b) => b.bounce_rate) },
            (v) => v.toLocaleString('en-US'),
            (v) => fmtRate(v, 0),
          )}
        />
        <Table name="bounce-by-load" rows={load} columns={loadColumns} limit={20} />
      </section>
      <Table name="pages" title="Pages" rows={d.pages} columns={pageColumns} initialSort={{ key: 'views', desc: true }} limit={15} />
      <section class="card">
        <h3>Bounce rate by</h3>
        <Tabs
          name="bounce"
          tabs={[
            { id: 'entry', label: 'Entry page', render: () => <Table name="bounce-by-entry-page" rows={d.bounce_by_entry_page} columns={segmentColumns('Entry page', 'entry_page')} initialSort={{ key: 'sessions', desc: true }} /> },
            { id: 'channel', label: 'Channel', render: () => <Table name="bounce-by-channel" rows={d.bounce_by_channel} columns={segmentColumns('Channel', 'channel')} initialSort={{ key: 'sessions', desc: true }} /> },
            { id: 'device', label: 'Device', render: () => <Table name="bounce-by-device" rows={d.bounce_by_device} columns={segmentColumns('Device', 'device')} initialSort={{ key: 'sessions', desc: true }} /> },
          ]}
        />
      </section>
    </>
  );
}
