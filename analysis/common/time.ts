/**
 * Dates in the site's time zone. Ranges are resolved to UTC milliseconds once, here, and both the
 * SQL and the reference receive the same numbers; bucket labels are formatted the same way on
 * both sides ("YYYY-MM-DD" or "YYYY-MM-DD HH:00", local time).
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(ms: number, tz: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, ms (whole seconds). */
function offsetAt(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The UTC instant at which a local wall-clock time (`naive`: its fields read as UTC) begins in
 * `tz`. Where it happens twice (a DST fall-back hour), the earlier: a range from that hour covers
 * both. Where it does not happen (a DST gap), the first instant after it.
 */
export function zonedStart(naive: number, tz: string): number {
  // A zone changes its offset at most once in two days: the offsets a day before and a day after
  // are the only candidates.
  const valid = [naive - offsetAt(naive - DAY_MS, tz), naive - offsetAt(naive + DAY_MS, tz)].filter((t) => t + offsetAt(t, tz) === naive);
  if (valid.length) return Math.min(...valid);
  let guess = naive - offsetAt(naive, tz);
  guess = naive - offsetAt(guess, tz);
  return guess;
}

/** The UTC instant at which a local calendar date ("YYYY-MM-DD") starts in `tz`. */
export function zonedDayStart(date: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zonedStart(Date.UTC(y, m - 1, d), tz);
}

/**
 * A range end: a local day "YYYY-MM-DD" or a local hour "YYYY-MM-DDTHH", both inclusive — a day
 * covers the whole day, an hour the whole hour. As naive bounds (wall-clock fields read as UTC):
 * [start, end), or null when the text is not such a point.
 */
export function rangePoint(text: string): { start: number; end: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? null : Number(m[4]);
  const start = Date.UTC(y, mo - 1, d, hour ?? 0);
  // Date.UTC rolls 2026-02-30 over into March: a real date reads back the same.
  if (new Date(start).toISOString().slice(0, 10) !== text.slice(0, 10) || (hour !== null && hour > 23)) return null;
  return { start, end: start + (hour === null ? DAY_MS : HOUR_MS) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function localDate(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The hour of the day (0–23) at an instant in the zone. */
export const localHour = (ms: number, tz: string): number => localParts(ms, tz).hour;

export type Interval = 'hour' | 'day';

/** Bucket label; the SQL side is `bucketSql` below. */
export function bucketLabel(ms: number, tz: string, interval: Interval): string {
  const p = localParts(ms, tz);
  const day = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  return interval === 'day' ? day : `${day} ${pad(p.hour)}:00`;
}

/** ClickHouse expression for the same label, from a UInt64 ms expression; tz is the {tz:String} parameter. */
export function bucketSql(msExpr: string, interval: Interval): string {
  const fmt = interval === 'day' ? '%Y-%m-%d' : '%Y-%m-%d %H:00';
  return `formatDateTime(fromUnixTimestamp64Milli(toInt64(${msExpr}), {tz:String}), '${fmt}')`;
}

/**
 * The same label from a numeric key: YYYYMMDD for a day, YYYYMMDDHH for an hour. Grouping by a
 * number avoids formatting a String per row; `bucketKeySql` is the ClickHouse side.
 */
export function bucketKeyLabel(key: number, interval: Interval): string {
  const s = String(key);
  const day = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return interval === 'day' ? day : `${day} ${s.slice(8, 10)}:00`;
}

/** UInt64 bucket key (see bucketKeyLabel) of a UInt64 ms expression in the {tz:String} zone. */
export function bucketKeySql(msExpr: string, interval: Interval): string {
  const dt = `fromUnixTimestamp64Milli(toInt64(${msExpr}), {tz:String})`;
  return interval === 'day' ? `toUInt64(toYYYYMMDD(${dt}))` : `toUInt64(toYYYYMMDD(${dt})) * 100 + toHour(${dt})`;
}

/** Hour buckets for ranges up to two days (and the hour a DST change adds), else days. */
export function defaultInterval(fromMs: number, toMs: number): Interval {
  return toMs - fromMs <= 2 * DAY_MS + HOUR_MS ? 'hour' : 'day';
}

export interface BucketSpan {
  label: string;
  /** First instant of the bucket inside the range, and the first after it (the next bucket's start, or the range end). */
  start: number;
  end: number;
}

/** Every bucket of [fromMs, toMs), in order, without repeats (a DST fall-back hour is one bucket). */
export function bucketSpans(fromMs: number, toMs: number, tz: string, interval: Interval): BucketSpan[] {
  const out: BucketSpan[] = [];
  const seen = new Set<string>();
  // Stepping by hours visits every local hour and date even across DST changes. Zones whose
  // offset is not whole hours start their local hours and days between two steps: the minute a
  // bucket starts is then found by bisection (labels only move forward within a step).
  for (let t = fromMs; t < toMs; t += HOUR_MS) {
    const label = bucketLabel(t, tz, interval);
    if (seen.has(label)) continue;
    seen.add(label);
    const last = out[out.length - 1];
    let start = t;
    if (last) {
      const prev = t - HOUR_MS;
      let lo = 0; // minutes after prev: still the previous label at lo, the new one at hi
      let hi = 60;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (bucketLabel(prev + mid * 60_000, tz, interval) === label) hi = mid;
        else lo = mid;
      }
      start = prev + hi * 60_000;
      last.end = start;
    }
    out.push({ label, start, end: toMs });
  }
  return out;
}

/** Every bucket label of [fromMs, toMs), in order, without repeats. */
export function bucketLabels(fromMs: number, toMs: number, tz: string, interval: Interval): string[] {
  return bucketSpans(fromMs, toMs, tz, interval).map((b) => b.label);
}

/** "YYYY-MM-DD" + n days, calendar arithmetic (no zone). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The period of the same length just before a range, in the range's own unit: the 7 days before a
 * week, the 24 hours before a day's hours (a range with an hour at either end counts in hours).
 * Wall-clock arithmetic, like the range itself, so a DST change does not shift it.
 */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const a = rangePoint(from);
  const b = rangePoint(to);
  if (!a || !b) throw new Error(`not a range: ${from} – ${to}`);
  if (from.length > 10 || to.length > 10) {
    const hours = Math.round((b.end - a.start) / HOUR_MS);
    const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13);
    return { from: hour(a.start - hours * HOUR_MS), to: hour(a.start - HOUR_MS) };
  }
  const days = Math.round((b.end - a.start) / DAY_MS);
  return { from: addDays(from, -days), to: addDays(from, -1) };
}
