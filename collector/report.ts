/**
 * `waymark report <analysis> --site … [--journey …] [--from …] [--to …] [--by dim] [--stage N] [--interval …] [--id …] [--name …]
 * [--filter key=value]… [--limit N] [--table name] [--json|--csv]`: an analysis as readable tables,
 * through the HTTP API (so the server's validation, defaults and errors are the ones users get).
 * Arguments are checked before any server or data dir is touched; mistakes are UsageErrors (exit 2).
 */
import { parseArgs } from 'node:util';
import { ANALYSES, analysisNamed, type AnalysisEntry } from '../analysis/catalog.js';
import { filtersSchema } from '../analysis/common/filters.js';
import { objectShape } from './http/openapi/spec.js';
import { renderSummary, renderTable, summaryPairs } from './report-format.js';

/** The server could not answer (a 5xx, e.g. an analysis past its limits): its message, exit 1. */
export class ServerError extends Error {}

/** A mistake in the arguments: exit 2. `usage` is false when the server named it (say only that). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage = true,
  ) {
    super(message);
  }
}

export type ReportRequester = (path: string, init: { method: string }) => Promise<Response>;

export interface ReportOptions {
  analysis: AnalysisEntry;
  site: string;
  /** The query string, without format/table. */
  query: URLSearchParams;
  output: 'table' | 'json' | 'csv';
  table?: string;
}

export const REPORT_USAGE = `usage: waymark report <analysis> --site ID [options]

analyses: ${ANALYSES.map((a) => a.name + (a.journey === 'required' ? ' (needs --journey)' : objectShape(a.params).id ? ' (needs --id)' : '')).join(', ')}

options:
  --site ID           the site (required)
  --journey ID        the journey, for journey analyses
  --from YYYY-MM-DD   first day, site time zone (default: 6 days before --to);
                      YYYY-MM-DDTHH: from that hour
  --to YYYY-MM-DD     last day, inclusive (default: today); YYYY-MM-DDTHH: up to that hour's end
  --by DIMENSION      break down by channel, source, device, country, … (funnel, retention);
                      change, bounce_change: the dimensions searched for drivers, e.g. device,channel
  --interval hour|day time buckets of the series and the funnel's trend
                      (default: hours for up to 2 days, else days);
                      day|week: retention's cohorts (default: days up to 31 days)
  --stage N           the stage whose drop-offs to show (dropoff)
  --id ID             the visitor id or user id (visitor)
  --name NAME         one custom event, to list its property values (custom_events)
  --return-event NAME count as back only who sent this custom event (retention)
  --baseline-from D, --baseline-to D
                      the period to compare with (change, bounce_change; default: the one just before)
  --filter KEY=VALUE  keep units matching: ${Object.keys(filtersSchema.shape).filter((k) => k !== 'props').join(', ')}, or prop=key:value; repeatable
  --limit N           rows per table
  --table NAME        only this table (with --csv: which table; default the first)
  --json              print the API's JSON
  --csv               print one table as CSV, as the API sends it`;

const FILTER_KEYS = new Set([...Object.keys(filtersSchema.shape).filter((k) => k !== 'props'), 'prop']);
/** Which query parameter `--by` sets, by what the analysis' params call their grouping. */
const BY_PARAMS = ['breakdown', 'by', 'dimension'];

export function parseReportArgs(args: string[]): ReportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        site: { type: 'string' },
        journey: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        by: { type: 'string' },
        stage: { type: 'string' },
        interval: { type: 'string' },
        id: { type: 'string' },
        name: { type: 'string' },
        'return-event': { type: 'string' },
        'baseline-from': { type: 'string' },
        'baseline-to': { type: 'string' },
        filter: { type: 'string', multiple: true },
        limit: { type: 'string' },
        table: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (!name) throw new UsageError('which analysis? one of: ' + ANALYSES.map((a) => a.name).join(', '));
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const analysis = analysisNamed(name);
  if (!analysis) throw new UsageError(`unknown analysis "${name}"; one of: ${ANALYSES.map((a) => a.name).join(', ')}`);
  if (!v.site) throw new UsageError('--site is required');
  if (v.json && v.csv) throw new UsageError('--json and --csv exclude each other');
  if (v.table !== undefined && !analysis.tableNames.includes(v.table)) {
    throw new UsageError(`unknown table "${v.table}" for ${name}; one of: ${analysis.tableNames.join(', ')}`);
  }
  const shape = objectShape(analysis.params);
  const query = new URLSearchParams();
  if (analysis.journey === 'required' && !v.journey) throw new UsageError(`${name} needs --journey`);
  if (analysis.journey === 'none' && v.journey) throw new UsageError(`${name} takes no --journey`);
  if (v.journey) query.set('journey', v.journey);
  for (const k of ['from', 'to', 'limit', 'stage', 'interval', 'id', 'name', 'return-event', 'baseline-from', 'baseline-to'] as const) {
    if (v[k] === undefined) continue;
    const param = k.replace('-', '_');
    if (!shape[param]) throw new UsageError(`${name} takes no --${k}`);
    query.set(param, v[k]);
  }
  if (shape.stage && !shape.stage.safeParse(undefined).success && !v.stage) throw new UsageError(`${name} needs --stage N`);
  if (shape.id && !v.id) throw new UsageError(`${name} needs --id (a visitor id or a user id)`);
  if (v.by !== undefined) {
    const param = BY_PARAMS.find((p) => shape[p]);
    if (!param) throw new UsageError(`${name} takes no --by`);
    query.set(param, v.by);
  }
  for (const f of v.filter ?? []) {
    const i = f.indexOf('=');
    const key = f.slice(0, i);
    if (i < 1 || !FILTER_KEYS.has(key)) throw new UsageError(`--filter wants KEY=VALUE with KEY one of: ${[...FILTER_KEYS].join(', ')}`);
    query.append(key, f.slice(i + 1));
  }
  return { analysis, site: v.site, query, output: v.json ? 'json' : v.csv ? 'csv' : 'table', ...(v.table ? { table: v.table } : {}) };
}

/** Fetches the analysis and returns what to print. API refusals (4xx) are UsageErrors: they name the bad argument. */
export async function runReport(o: ReportOptions, request: ReportRequester): Promise<string> {
  const q = new URLSearchParams(o.query);
  if (o.output === 'csv') {
    q.set('format', 'csv');
    if (o.table) q.set('table', o.table);
  }
  const res = await request(`/api/sites/${encodeURIComponent(o.site)}/${o.analysis.name}?${q}`, { method: 'GET' });
  const text = await res.text();
  if (res.status >= 400) {
    const message = errorMessage(text) ?? `HTTP ${res.status}`;
    if (res.status < 500) throw new UsageError(message, false);
    throw new ServerError(res.status === 503 ? message : `the server failed: ${message}`);
  }
  if (o.output === 'csv') return text.replace(/\n$/, '');
  const json: unknown = JSON.parse(text);
  if (o.output === 'json') return JSON.stringify(json, null, 2);
  return renderReport(o, json);
}

function renderReport(o: ReportOptions, json: unknown): string {
  const tables = o.analysis.tablesOf(json);
  const from = o.query.get('from');
  const to = o.query.get('to');
  const range = from ? `${from} to ${to ?? 'today'}` : `7 days to ${to ?? 'today'}`; // the API's default range
  const journey = o.query.get('journey');
  const parts = [`${o.analysis.name} · site ${o.site}${journey ? ` · journey ${journey}` : ''} · ${range}`, '', renderSummary(summaryPairs(json))];
  for (const [name, t] of Object.entries(tables)) {
    if (o.table ? name !== o.table : t.rows.length === 0) continue; // empty tables (e.g. no --by) are noise
    parts.push('', name, renderTable(t));
  }
  return parts.join('\n');
}

function errorMessage(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    const e = body !== null && typeof body === 'object' && 'error' in body ? body.error : undefined;
    return e !== null && typeof e === 'object' && 'message' in e && typeof e.message === 'string' ? e.message : undefined;
  } catch {
    return undefined;
  }
}
