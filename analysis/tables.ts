/**
 * Each analysis' tables for `?format=csv&table=…` (the first listed is the default): flat rows
 * with fixed columns, taken from the typed results.
 */
import type { CsvValue } from './common/csv.js';
import type { DropoffResult } from './dropoff/schema.js';
import type { FunnelResult } from './funnel/schema.js';
import type { OverviewResult } from './overview/schema.js';

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

export const funnelTables: Record<string, (r: FunnelResult) => Table> = {
  stages: (r) => from(r.stages),
  time_to_convert: (r) => from(r.time_to_convert.histogram),
  segments: (r) =>
    from(
      (r.breakdown?.segments ?? []).flatMap((s) =>
        s.stages.map((st, i) => ({ segment: s.value, units: s.units, stage: i + 1, ...st })),
      ),
    ),
};

export const dropoffTables: Record<string, (r: DropoffResult) => Table> = {
  next_touchpoints: (r) => from(r.next_touchpoints),
  exit_pages: (r) => from(r.exit_pages),
};
