/**
 * Each analysis' tables for `?format=csv&table=…` (the first listed is the default): flat rows
 * with fixed columns, taken from the typed results.
 */
import type { CsvValue } from './common/csv.js';
import type { ChangeDriver, ChangeResult } from './change/schema.js';
import type { BounceChangeResult, BounceDriver } from './bounce-change/result.js';
import type { CustomEventsResult } from './custom-events/schema.js';
import type { DropoffResult } from './dropoff/schema.js';
import type { FunnelResult } from './funnel/schema.js';
import type { AttributionResult } from './attribution/schema.js';
import type { MapResult } from './map/schema.js';
import type { OverviewResult } from './overview/schema.js';
import type { PagesResult } from './pages/schema.js';
import type { PathsResult } from './paths/schema.js';
import type { RetentionResult } from './retention/schema.js';
import type { SourcesResult } from './sources/schema.js';
import type { VisitorResult } from './visitor/schema.js';
import type { VisitorsResult } from './visitors/schema.js';

export interface Table {
  columns: string[];
  rows: Record<string, CsvValue>[];
}

const from = <T extends object>(rows: readonly T[]): Table => ({
  columns: rows[0] ? Object.keys(rows[0]) : [],
  rows: rows.map((r) => ({ ...(r as Record<string, CsvValue>) })),
});

const dimensionTables = ['channels', 'sources', 'mediums', 'campaigns', 'devices', 'browsers', 'os', 'countries', 'entry_pages'] as const;

export const overviewTables: Record<string, (r: OverviewResult) => Table> = {
  pages: (r) => from(r.pages),
  timeseries: (r) => from(r.timeseries),
  ...Object.fromEntries(dimensionTables.map((t) => [t, (r: OverviewResult) => from(r[t])])),
  realtime_pages: (r) => from(r.realtime.pages),
};

/** A trend bucket's stage counts as columns reached_1 … reached_n (reached_1 = entered). */
const reachedColumns = (reached: readonly number[]) => Object.fromEntries(reached.map((n, k) => [`reached_${k + 1}`, n]));

export const funnelTables: Record<string, (r: FunnelResult) => Table> = {
  stages: (r) => from(r.stages),
  time_to_convert: (r) => from(r.time_to_convert.histogram),
  segments: (r) =>
    from(
      (r.breakdown?.segments ?? []).flatMap((s) =>
        s.stages.map((st, i) => ({ segment: s.value, units: s.units, stage: i + 1, ...st })),
      ),
    ),
  // One row per bucket, a column per stage (reached_1 = entered), so it reads as a table.
  trend: (r) =>
    from(
      (r.trend?.buckets ?? []).map((b) => ({
        bucket: b.bucket,
        ...reachedColumns(b.reached),
        conversion_rate: b.conversion_rate,
        complete: b.complete,
      })),
    ),
  // With a breakdown: the same per shown segment, one row per (segment, bucket).
  segment_trend: (r) =>
    from(
      (r.trend?.segments ?? []).flatMap((s) =>
        s.buckets.map((b, i) => ({
          segment: s.value,
          bucket: r.trend!.buckets[i]!.bucket,
          ...reachedColumns(b.reached),
          conversion_rate: b.conversion_rate,
          complete: r.trend!.buckets[i]!.complete,
        })),
      ),
    ),
};

export const dropoffTables: Record<string, (r: DropoffResult) => Table> = {
  next_touchpoints: (r) => from(r.next_touchpoints),
  exit_pages: (r) => from(r.exit_pages),
};

/** Path steps in one cell. */
const PATH_SEP = ' → ';

export const pathsTables: Record<string, (r: PathsResult) => Table> = {
  paths: (r) => from(r.paths.map((p) => ({ path: p.steps.join(PATH_SEP), steps: p.steps.length, count: p.count, share: p.share }))),
  nodes: (r) => from(r.sankey.nodes),
  links: (r) => from(r.sankey.links),
};

export const pagesTables: Record<string, (r: PagesResult) => Table> = {
  pages: (r) => from(r.pages),
  entry_pages: (r) => from(r.bounce_by_entry_page),
  channels: (r) => from(r.bounce_by_channel),
  devices: (r) => from(r.bounce_by_device),
  load_time: (r) => from(r.bounce_by_load),
};

export const customEventsTables: Record<string, (r: CustomEventsResult) => Table> = {
  events: (r) => from(r.events),
  props: (r) => from(r.props),
  series: (r) => from(r.series?.buckets ?? []),
};

export const retentionTables: Record<string, (r: RetentionResult) => Table> = {
  cohorts: (r) => from(r.cohorts.map(({ periods: _p, ...c }) => c)),
  /** One row per cohort and later period: the grid, long. */
  cells: (r) => from(r.cohorts.flatMap((c) => c.periods.map((x) => ({ bucket: c.bucket, cohort_visitors: c.visitors, ...x })))),
  periods: (r) => from(r.periods),
  segments: (r) => from((r.breakdown?.segments ?? []).map(({ periods: _p, ...x }) => x)),
  segment_periods: (r) => from((r.breakdown?.segments ?? []).flatMap((x) => x.periods.map((p) => ({ segment: x.value, ...p })))),
};

export const sourcesTables: Record<string, (r: SourcesResult) => Table> = {
  segments: (r) =>
    from(
      (r.funnel.breakdown?.segments ?? []).flatMap((s, i) =>
        s.stages.map((st, k) => ({
          segment: s.value,
          units: s.units,
          stage: k + 1,
          stage_name: r.funnel.stages[k]?.name ?? '',
          ...st,
          top_path: (r.top_paths[i]?.steps ?? []).join(PATH_SEP),
        })),
      ),
    ),
  touch: (r) => from(r.touch.segments),
};

export const attributionTables: Record<string, (r: AttributionResult) => Table> = {
  channels: (r) =>
    from(
      r.channels.map((c) => ({
        channel: c.channel,
        ...Object.fromEntries(
          r.models.flatMap((m) => [
            [`${m}_conversions`, c[m].conversions],
            [`${m}_revenue`, c[m].revenue],
          ]),
        ),
      })),
    ),
};

export const mapTables: Record<string, (r: MapResult) => Table> = {
  stages: (r) =>
    from(
      r.stages.map(({ top_touchpoints, top_channels, ...s }) => ({
        ...s,
        top_touchpoints: top_touchpoints.map((t) => `${t.label} (${t.units})`).join('; '),
        top_channels: top_channels.map((t) => `${t.label} (${t.units})`).join('; '),
      })),
    ),
  pain_points: (r) =>
    from(r.pain_points.map((p) => ({ kind: p.kind, score: p.score, title: p.title, view: p.link.view, query: new URLSearchParams(p.link.params).toString() }))),
};

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

export const visitorTables: Record<string, (r: VisitorResult) => Table> = {
  sessions: (r) =>
    from(r.sessions.map(({ timeline: _t, stages, start_ms, end_ms, ...s }) => ({ ...s, start: iso(start_ms), end: iso(end_ms), stages: stages.join(' ') }))),
  events: (r) =>
    from(
      r.sessions.flatMap((s) =>
        s.timeline.map(({ ms, props, stages, ...e }) => ({ session: s.n, time: iso(ms), ...e, props: JSON.stringify(props), stages: stages.join(' ') })),
      ),
    ),
};

export const visitorsTables: Record<string, (r: VisitorsResult) => Table> = {
  people: (r) => from(r.people.map(({ first_ms, last_ms, ...p }) => ({ ...p, first_seen: iso(first_ms), last_seen: iso(last_ms) }))),
};

/** One period's side of a change row as flat columns, prefixed `current_` or `baseline_`. */
const sideColumns = (prefix: string, x: Record<string, number | null>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [`${prefix}_${k}`, v]));

/** A driver (change/decompose.ts) of "what changed" or of the bounce rate as flat columns. */
const driverColumns = (d: ChangeDriver | BounceDriver) => ({
  by: d.by,
  value: d.value,
  ...sideColumns('current', d.current),
  ...sideColumns('baseline', d.baseline),
  rate_effect: d.rate_effect,
  mix_effect: d.mix_effect,
  effect: d.effect,
  change: d.change,
  z: d.z,
  p_value: d.p_value,
  q_value: d.q_value,
  significant: d.significant,
});

export const changeTables: Record<string, (r: ChangeResult) => Table> = {
  stages: (r) =>
    from(r.stages.map(({ current, baseline, ...s }) => ({ index: s.index, name: s.name, ...sideColumns('current', current), ...sideColumns('baseline', baseline), change: s.change, z: s.z, p_value: s.p_value, significant: s.significant, shortfall: s.shortfall, segments_tested: s.segments_tested }))),
  drivers: (r) =>
    from(
      r.drivers.map((d) => ({ stage: d.stage, stage_name: r.stages[d.stage - 1]?.name ?? '', ...driverColumns(d) })),
    ),
};

export const bounceChangeTables: Record<string, (r: BounceChangeResult) => Table> = {
  drivers: (r) =>
    from(
      r.drivers.map(driverColumns),
    ),
  periods: (r) =>
    from(
      (['current', 'baseline'] as const).map((k) => ({ period: k, from: r[k].from, to: r[k].to, sessions: r[k].sessions, bounces: r[k].bounces, bounce_rate: r[k].rate })),
    ),
};
