/**
 * Ranges as the API takes them, in the site's time zone, both ends inclusive: whole days
 * ("YYYY-MM-DD") or hours ("YYYY-MM-DDTHH"). Presets are relative ("last 30 days") so a shared
 * link stays current; custom ranges are fixed.
 */
import { previousRange as previousOf, rangePoint } from '../../analysis/common/time.js';

export const PRESETS = [
  { id: '24h', label: 'Last 24 hours', hours: 24 },
  { id: 'today', label: 'Today', days: 1, offset: 0 },
  { id: 'yesterday', label: 'Yesterday', days: 1, offset: 1 },
  { id: '7d', label: 'Last 7 days', days: 7, offset: 0 },
  { id: '30d', label: 'Last 30 days', days: 30, offset: 0 },
  { id: '90d', label: 'Last 90 days', days: 90, offset: 0 },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];
export const DEFAULT_PRESET: PresetId = '30d';

export interface DateRange {
  from: string;
  to: string;
  /** The preset, or 'custom'. */
  preset: PresetId | 'custom';
}

/** A day or an hour the API takes (the server's own parser, analysis/common/time.ts). */
const isPoint = (s: string | null): s is string => s !== null && rangePoint(s) !== null;
/** A local hour, "YYYY-MM-DDTHH". */
export const isHour = (s: string): boolean => s.length === 13 && isPoint(s);
/** Does the range use hours (at either end)? */
export const hasHours = (r: Pick<DateRange, 'from' | 'to'>) => isHour(r.from) || isHour(r.to);

/** The local hour in a time zone, "YYYY-MM-DDTHH". */
export function hourIn(tz: string, now = Date.now()): string {
  let hour: string;
  try {
    hour = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(now);
  } catch {
    hour = String(new Date(now).getUTCHours()).padStart(2, '0');
  }
  return `${todayIn(tz, now)}T${hour}`;
}

/** How a range reads: "2026-05-01 – 2026-05-31", "2026-05-01 09:00 – 2026-05-02 08:59". */
export function rangeText(r: Pick<DateRange, 'from' | 'to'>): string {
  const text = (p: string, end: boolean) => (isHour(p) ? `${p.slice(0, 10)} ${p.slice(11)}:${end ? '59' : '00'}` : p);
  return `${text(r.from, false)} – ${text(r.to, true)}`;
}

/** Today's date in a time zone, "YYYY-MM-DD". */
export function todayIn(tz: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The range a URL asks for: explicit from/to (days or hours), else a preset (default: last 30 days). */
export function resolveRange(q: URLSearchParams, tz: string, now = Date.now()): DateRange {
  const from = q.get('from');
  const to = q.get('to');
  if (isPoint(from) && isPoint(to) && rangePoint(from)!.start < rangePoint(to)!.end) return { from, to, preset: 'custom' };
  const p = PRESETS.find((x) => x.id === q.get('range')) ?? PRESETS.find((x) => x.id === DEFAULT_PRESET)!;
  // Local hours counted back from real instants, so a DST change inside the range is no problem.
  if ('hours' in p) return { from: hourIn(tz, now - (p.hours - 1) * 3_600_000), to: hourIn(tz, now), preset: p.id };
  const end = addDays(todayIn(tz, now), -p.offset);
  return { from: addDays(end, -(p.days - 1)), to: end, preset: p.id };
}

/** The period of the same length just before (for "change vs previous period"), in the range's own unit. */
export const previousRange = (r: Pick<DateRange, 'from' | 'to'>): DateRange => ({ ...previousOf(r.from, r.to), preset: 'custom' });

/**
 * A baseline cut like the range it is compared with. A range of days that ends today is partly
 * in the future: its baseline's last day then ends at the same local hour ("today until 09:59"
 * against "yesterday until 09:59"), or every morning each figure would read as a fall against
 * a whole day. Other ranges are complete: their baseline stays whole.
 */
export function likeForLike(range: Pick<DateRange, 'from' | 'to'>, baseline: DateRange, tz: string, now = Date.now()): DateRange {
  if (hasHours(range) || hasHours(baseline) || range.to !== todayIn(tz, now)) return baseline;
  return { ...baseline, to: `${baseline.to}${hourIn(tz, now).slice(10)}` };
}

/** The previous period of the same length, cut like the range (likeForLike): what "change" compares with. */
export const comparedRange = (r: Pick<DateRange, 'from' | 'to'>, tz: string, now = Date.now()): DateRange => likeForLike(r, previousRange(r), tz, now);

/** The range moved `days` days earlier, in its own unit (an hour keeps its wall-clock hour). */
export function shiftRange(r: Pick<DateRange, 'from' | 'to'>, days: number): DateRange {
  const move = (p: string) => (isHour(p) ? `${addDays(p.slice(0, 10), -days)}${p.slice(10)}` : addDays(p, -days));
  return { from: move(r.from), to: move(r.to), preset: 'custom' };
}

/** How many days a range spans (hours count as fractions). */
export const rangeDays = (r: Pick<DateRange, 'from' | 'to'>) => (rangePoint(r.to)!.end - rangePoint(r.from)!.start) / 86_400_000;

/** The current time bucket label in a time zone, as the API labels buckets ("YYYY-MM-DD" or "YYYY-MM-DD HH:00"). */
export function currentBucket(tz: string, interval: 'hour' | 'day', now = Date.now()): string {
  return interval === 'day' ? todayIn(tz, now) : `${hourIn(tz, now).replace('T', ' ')}:00`;
}

/** The range point of a bucket label: "2026-11-24 13:00" → "2026-11-24T13"; a day stays as it is. */
export const bucketPoint = (bucket: string): string => (bucket.length > 10 ? `${bucket.slice(0, 10)}T${bucket.slice(11, 13)}` : bucket);

const clockFormats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per zone (a timeline formats thousands of instants). */
function clockFormat(tz: string): Intl.DateTimeFormat {
  let f = clockFormats.get(tz);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    try {
      f = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: tz });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: 'UTC' });
    }
    clockFormats.set(tz, f);
  }
  return f;
}

/** An instant's local parts in a time zone. */
function partsIn(tz: string, ms: number): Record<'weekday' | 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const out: Record<string, string> = {};
  for (const p of clockFormat(tz).formatToParts(ms)) out[p.type] = p.value;
  return out as ReturnType<typeof partsIn>;
}

/** An instant in a time zone: "2026-05-12 14:03"; with `weekday`, "Tue 2026-05-12 14:03". */
export function dateTimeIn(tz: string, ms: number, opts: { weekday?: boolean } = {}): string {
  const p = partsIn(tz, ms);
  return `${opts.weekday ? p.weekday + ' ' : ''}${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The local clock time of an instant: "14:03:12". */
export function timeIn(tz: string, ms: number): string {
  const p = partsIn(tz, ms);
  return `${p.hour}:${p.minute}:${p.second}`;
}
