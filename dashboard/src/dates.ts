/**
 * Date ranges as the API takes them: whole days ("YYYY-MM-DD", inclusive) in the site's time zone.
 * Presets are relative ("last 30 days") so a shared link stays current; custom ranges are fixed.
 */
export const PRESETS = [
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (s: string | null | undefined): s is string => !!s && DATE.test(s) && !Number.isNaN(Date.parse(s));

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

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/** The range a URL asks for: explicit from/to, else a preset (default: last 30 days). */
export function resolveRange(q: URLSearchParams, tz: string, now = Date.now()): DateRange {
  const from = q.get('from');
  const to = q.get('to');
  if (isDate(from) && isDate(to) && from <= to) return { from, to, preset: 'custom' };
  const p = PRESETS.find((x) => x.id === q.get('range')) ?? PRESETS.find((x) => x.id === DEFAULT_PRESET)!;
  const end = addDays(todayIn(tz, now), -p.offset);
  return { from: addDays(end, -(p.days - 1)), to: end, preset: p.id };
}

/** The period of the same length just before (for "change vs previous period"). */
export function previousRange(r: DateRange): DateRange {
  const n = daysBetween(r.from, r.to);
  return { from: addDays(r.from, -n), to: addDays(r.from, -1), preset: 'custom' };
}

/** The current time bucket label in a time zone, as the API labels buckets ("YYYY-MM-DD" or "YYYY-MM-DD HH:00"). */
export function currentBucket(tz: string, interval: 'hour' | 'day', now = Date.now()): string {
  const day = todayIn(tz, now);
  if (interval === 'day') return day;
  let hour = '00';
  try {
    hour = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(now);
  } catch {
    hour = String(new Date(now).getUTCHours()).padStart(2, '0');
  }
  return `${day} ${hour}:00`;
}
