/**
 * A site's annotations for the range on screen, and where they sit on a chart's category axis
 * (a day's label, or its first hour's when the chart counts hours).
 */
import { annotationsResponse, type Annotation } from '../../analysis/annotations/schema.js';
import { request, sitePath } from './api.js';
import type { Ctx } from './context.js';
import type { Mark } from './charts/options.js';
import { useApi } from './use-api.js';

export function useAnnotations(ctx: Pick<Ctx, 'site' | 'range'>) {
  const q = new URLSearchParams({ from: ctx.range.from.slice(0, 10), to: ctx.range.to.slice(0, 10) });
  const url = sitePath(ctx.site.id, `/annotations?${q}`);
  const state = useApi(url, (signal) => request(url, annotationsResponse, { signal }));
  return { list: state.data?.annotations ?? [], reload: state.reload };
}

/** The marks of the annotations whose day (or its 00:00 hour) is one of `categories`. */
export function marksOn(list: readonly Annotation[], categories: readonly string[]): Mark[] {
  const shown = new Set(categories);
  return list.flatMap((a) => [a.date, `${a.date} 00:00`].filter((at) => shown.has(at)).map((at) => ({ at, text: a.text })));
}
