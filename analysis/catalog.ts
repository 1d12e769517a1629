/**
 * Every analysis behind `GET /api/sites/:site/<name>`, described once: its params and result
 * schemas (the ones api.ts validates with), its CSV tables, and whether it needs `?journey=`.
 * The OpenAPI document (analysis/openapi.ts) and `waymark report` (collector/report.ts) read
 * this list, so a new analysis is one more line here beside its route in api.ts.
 */
import type { z } from 'zod';
import { changeParamsSchema, changeResultSchema } from './change/schema.js';
import { bounceChangeParamsSchema, bounceChangeResultSchema } from './bounce-change/schema.js';
import { customEventsParamsSchema, customEventsResultSchema } from './custom-events/schema.js';
import { dropoffParamsSchema, dropoffResultSchema } from './dropoff/schema.js';
import { funnelParamsSchema, funnelResultSchema } from './funnel/schema.js';
import { overviewParamsSchema, overviewResultSchema } from './overview/schema.js';
import { attributionParamsSchema, attributionResultSchema } from './attribution/schema.js';
import { mapParamsSchema, mapResultSchema } from './map/schema.js';
import { pagesParamsSchema, pagesResultSchema } from './pages/schema.js';
import { pathsParamsSchema, pathsResultSchema } from './paths/schema.js';
import { retentionParamsSchema, retentionResultSchema } from './retention/schema.js';
import { sourcesParamsSchema, sourcesResultSchema } from './sources/schema.js';
import { visitorParamsSchema, visitorResultSchema } from './visitor/schema.js';
import { visitorsParamsSchema, visitorsResultSchema } from './visitors/schema.js';
import {
  attributionTables,
  bounceChangeTables,
  changeTables,
  customEventsTables,
  dropoffTables,
  funnelTables,
  mapTables,
  overviewTables,
  pagesTables,
  pathsTables,
  retentionTables,
  sourcesTables,
  visitorTables,
  visitorsTables,
  type Table,
} from './tables.js';

export interface AnalysisEntry {
  name: string;
  summary: string;
  description: string;
  params: z.ZodType;
  result: z.ZodType;
  /** `?format=csv&table=<name>`; the first is the default table. */
  tableNames: readonly string[];
  /** Whether the route reads a journey named by `?journey=<id>` into the params' `journey` field. */
  journey: 'required' | 'optional' | 'none';
  /** Parses a result (e.g. the API's JSON) with the result schema and flattens it into its tables. */
  tablesOf(json: unknown): Record<string, Table>;
}

interface EntryInput<R> extends Omit<AnalysisEntry, 'tableNames' | 'tablesOf' | 'result'> {
  result: z.ZodType<R>;
  tables: Record<string, (r: R) => Table>;
}

/** Ties result schema and table functions to one result type, then hides it behind `unknown`. */
function entry<R>({ tables, ...e }: EntryInput<R>): AnalysisEntry {
  return {
    ...e,
    tableNames: Object.keys(tables),
    tablesOf(json) {
      const r = e.result.parse(json);
      return Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t(r)]));
    },
  };
}

export const ANALYSES: readonly AnalysisEntry[] = [
  entry({
    name: 'overview',
    summary: 'Traffic overview',
    description: 'Totals, time series, pages, channels/sources/devices/countries tables and realtime visitors.',
    params: overviewParamsSchema,
    result: overviewResultSchema,
    tables: overviewTables,
    journey: 'none',
  }),
  entry({
    name: 'funnel',
    summary: 'Journey funnel',
    description: 'Units reaching each stage of a journey, conversion and target gaps, time to convert, optional breakdown with z-tests, and conversion over time (`trend`: the units that reached stage 1 in each hour or day, by when they did, and how far they got; a bucket is `complete` once the conversion window of every unit in it ends before the range does; with a breakdown, per segment too).',
    params: funnelParamsSchema,
    result: funnelResultSchema,
    tables: funnelTables,
    journey: 'required',
  }),
  entry({
    name: 'dropoff',
    summary: 'Where people went after dropping off',
    description: 'Units that reached `stage` but not the next: their next touchpoints, exit pages and how many came back.',
    params: dropoffParamsSchema,
    result: dropoffResultSchema,
    tables: dropoffTables,
    journey: 'required',
  }),
  entry({
    name: 'change',
    summary: 'What changed',
    description:
      "A journey's funnel in the range against a baseline (`baseline_from`/`baseline_to`; default the period of the same length just before): per stage both periods' conversion from the previous stage, the change and its two-proportion z-test; completion likewise; and per stage the segments that explain the change, for each dimension of `by` (entry attributes, or `visitor_type`: new vs returning): a dimension's effects add up to the stage's change, each split into a rate effect (the segment converts differently: w₁·(r₁ − r₀)) and a mix effect (its share of the previous stage's units changed, weighed by how far it converted from the stage's baseline rate R₀: (r₀ − R₀)·(w₁ − w₀)). A driver's own change is z-tested too, and its p-value adjusted (Benjamini–Hochberg `q_value`) for every segment compared at that stage (`segments_tested`): a driver is `significant` when q < 0.05.",
    params: changeParamsSchema,
    result: changeResultSchema,
    tables: changeTables,
    journey: 'required',
  }),
  entry({
    name: 'bounce_change',
    summary: 'What moved the bounce rate',
    description:
      "The bounce rate in the range against a baseline (`baseline_from`/`baseline_to`; default the period of the same length just before), z-tested, and the segments behind its change for each dimension of `by` (the session's entry attributes and entry page): a dimension's effects add up to the change, each split into a rate effect (the segment bounces differently: w₁·(r₁ − r₀)) and a mix effect (its share of the sessions moved, weighed by how far its bounce rate is from the baseline's R₀: (r₀ − R₀)·(w₁ − w₀)). Sessions and bounces are the overview's. A driver is `significant` when its own change's p-value, adjusted (Benjamini–Hochberg `q_value`) for every segment compared (`segments_tested`), is below 0.05.",
    params: bounceChangeParamsSchema,
    result: bounceChangeResultSchema,
    tables: bounceChangeTables,
    journey: 'none',
  }),
  entry({
    name: 'paths',
    summary: 'Top paths and a Sankey graph',
    description:
      'Touchpoint paths (repeats collapsed) from the entry, from `start` or up to `end`, `depth` steps, per session or visitor; top paths and a Sankey graph with small nodes grouped as "(other)".',
    params: pathsParamsSchema,
    result: pathsResultSchema,
    tables: pathsTables,
    journey: 'none',
  }),
  entry({
    name: 'pages',
    summary: 'Pages and bounce',
    description: 'Per page views, entries, bounce and exit rates, load time p50/p75; bounce by entry page, channel, device and entry load time.',
    params: pagesParamsSchema,
    result: pagesResultSchema,
    tables: pagesTables,
    journey: 'none',
  }),
  entry({
    name: 'sources',
    summary: 'Sources compared',
    description: 'The journey funnel side by side per channel / source / campaign / medium with z-tests, each segment\'s top path, first vs last touch.',
    params: sourcesParamsSchema,
    result: sourcesResultSchema,
    tables: sourcesTables,
    journey: 'required',
  }),
  entry({
    name: 'custom_events',
    summary: 'Custom events',
    description:
      'Custom events sent with `waymark(\'event\', name, …)` in the sessions that pass the filters: per name its count, the visitors who sent it, their share of all visitors (the event as a goal) and its revenue; with `name`, that event\'s property values.',
    params: customEventsParamsSchema,
    result: customEventsResultSchema,
    tables: customEventsTables,
    journey: 'none',
  }),
  entry({
    name: 'retention',
    summary: 'Retention',
    description:
      'Do new visitors come back? Cohorts of the people first seen in the range (no touchpoint before it; their first session passing the filters), by the day or week (Monday to Sunday, site time zone) of their first visit, and per later period how many came back: with a touchpoint in it, or with `return_event`, that custom event. Periods not begun by now are left out; those still open are marked and kept out of the averages. With `breakdown`, the same per segment of the first visit (its channel, source, device…), each period z-tested against the rest.',
    params: retentionParamsSchema,
    result: retentionResultSchema,
    tables: retentionTables,
    journey: 'none',
  }),
  entry({
    name: 'attribution',
    summary: 'Attribution',
    description: 'Conversions and revenue credited to channels by first touch, last non-direct, linear, position-based and time-decay over a lookback window.',
    params: attributionParamsSchema,
    result: attributionResultSchema,
    tables: attributionTables,
    journey: 'required',
  }),
  entry({
    name: 'map',
    summary: 'Journey map',
    description: 'Per stage reach, conversion, time, touchpoints on the way, channels, loops, skips, bounce, feedback, owner and target gap; ranked pain points.',
    params: mapParamsSchema,
    result: mapResultSchema,
    tables: mapTables,
    journey: 'required',
  }),
  entry({
    name: 'visitors',
    summary: 'People seen',
    description:
      'The people (canonical visitors: a user id with all its devices, or a visitor id) with a page view or custom event in the range, most recently seen first; with `journey` and `stage`, only those whose funnel unit reached that stage and not the next (who dropped off there; at the last stage, who converted), under the funnel\'s filters; with filters alone, those with a session that passes them (e.g. `event=signup`: who signed up).',
    params: visitorsParamsSchema,
    result: visitorsResultSchema,
    tables: visitorsTables,
    journey: 'optional',
  }),
  entry({
    name: 'visitor',
    summary: "One person's journey",
    description:
      'Everything one person did in the range, by visitor id or by user id (then with every device identified as them and their visits before signing in): sessions newest first with source, device, bounce and each touchpoint, optionally marked with the stages of `journey`.',
    params: visitorParamsSchema,
    result: visitorResultSchema,
    tables: visitorTables,
    journey: 'optional',
  }),
];

export const analysisNamed = (name: string): AnalysisEntry | undefined => ANALYSES.find((a) => a.name === name);
