/**
 * URLs of the analysis API for the current site, range and filters. One place, so the dashboard
 * and its tests ask the API exactly the same question.
 */
import type { Ctx } from './context.js';
import { sitePath } from './api.js';
import { filterParams } from './state.js';

export type Extra = Record<string, string | number | boolean | undefined | null>;

export function analysisQuery(ctx: Pick<Ctx, 'range' | 'filters'>, extra: Extra = {}, range = ctx.range): string {
  const u = new URLSearchParams({ from: range.from, to: range.to });
  for (const [k, v] of filterParams(ctx.filters)) u.append(k, v);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  return `?${u}`;
}

/** GET /api/sites/:site/<name>?from&to&<filters>&<extra> */
export function analysisUrl(ctx: Pick<Ctx, 'site' | 'range' | 'filters'>, name: string, extra: Extra = {}, range = ctx.range): string {
  return sitePath(ctx.site.id, `/${name}`) + analysisQuery(ctx, extra, range);
}
