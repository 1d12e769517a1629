/**
 * Retention periods: local calendar days or weeks (Monday to Sunday) in the site's time zone,
 * numbered as whole days since 1970-01-01 so that a period index is a subtraction. `dayNumber`
 * and `dayNumberSql` are twins (tests hold them together in random zones); a week is the day
 * number of its Monday.
 */
import { DAY_MS, addDays, bucketSpans, localDate, zonedDayStart } from '../common/time.js';

export type RetentionInterval = 'day' | 'week';

/** Days in one period. */
export const STEP: Record<RetentionInterval, number> = { day: 1, week: 7 };

/** "YYYY-MM-DD" → whole days since 1970-01-01. */
export const dateNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const numberDate = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** 1970-01-01 was a Thursday: its Monday is 3 days earlier. */
const monday = (n: number) => n - ((n + 3) % 7);

/** The period (its first day's number) that holds the instant `ms`. */
export function periodOf(ms: number, tz: string, interval: RetentionInterval): number {
  const n = dateNumber(localDate(ms, tz));
  return interval === 'day' ? n : monday(n);
}

/** The period holding a local date "YYYY-MM-DD" (a week: its Monday's number). */
export function periodOfDate(date: string, interval: RetentionInterval): number {
  const n = dateNumber(date);
  return interval === 'day' ? n : monday(n);
}

/** SQL twin of periodOf over a UInt64 ms expression, in the {tz:String} zone; Int64. */
export function periodSql(msExpr: string, interval: RetentionInterval): string {
  const n = `toInt64(toUInt32(toDate(fromUnixTimestamp64Milli(toInt64(${msExpr}), {tz:String}))))`;
  return interval === 'day' ? n : `(${n} - ((${n} + 3) % 7))`;
}

export interface PeriodSpan {
  /** First day's number (periodOf) and its date: the label. */
  n: number;
  label: string;
  /** First instant inside the range. */
  start: number;
  /** Where the whole calendar period ends (may be after the range end). */
  end: number;
}

/** Every period that [fromMs, toMs) touches, in order. */
export function periodSpans(fromMs: number, toMs: number, tz: string, interval: RetentionInterval): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  for (const day of bucketSpans(fromMs, toMs, tz, 'day')) {
    const dn = dateNumber(day.label);
    const n = interval === 'day' ? dn : monday(dn);
    if (out.at(-1)?.n === n) continue;
    const label = numberDate(n);
    out.push({ n, label, start: day.start, end: zonedDayStart(addDays(label, STEP[interval]), tz) });
  }
  return out;
}
