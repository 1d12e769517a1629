/**
 * A retention cell as a people list: the query keys (the same names the /visitors API takes) in
 * one place, for the grid's links, the People view's parsing and its "who has not come back".
 */
import { carry } from './state.js';

export interface CohortCell {
  /** The cohort's first day (a Monday for weeks). */
  cohort: string;
  /** 0: the whole cohort; N: those back N periods later. */
  period: number;
  /** Back in no later period: whom to win back. */
  lost: boolean;
  interval: 'day' | 'week';
  returnEvent: string | undefined;
}

export const COHORT_KEYS = ['cohort', 'period', 'lost', 'interval', 'return_event'] as const;

/** The keys and values of a cell, for a URL or the API (absent ones undefined). */
export function cohortParams(cell: CohortCell): Record<(typeof COHORT_KEYS)[number], string | undefined> {
  return {
    cohort: cell.cohort,
    period: cell.period > 0 ? String(cell.period) : undefined,
    lost: cell.lost ? 'true' : undefined,
    interval: cell.interval,
    return_event: cell.returnEvent,
  };
}

/** The People view for this cell, keeping site, range and filters. */
export const cohortHref = (q: URLSearchParams, cell: CohortCell): string => carry('/people', q, cohortParams(cell));

/** The cell a query names (`?cohort=…`), or null. */
export function cohortCellOf(q: URLSearchParams): CohortCell | null {
  const cohort = q.get('cohort');
  if (!cohort) return null;
  const lost = q.get('lost') === 'true';
  return {
    cohort,
    period: lost ? 0 : Math.max(0, Number(q.get('period')) || 0),
    lost,
    interval: q.get('interval') === 'week' ? 'week' : 'day',
    returnEvent: q.get('return_event') || undefined,
  };
}
