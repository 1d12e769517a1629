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

/** Every bucket label of [fromMs, toMs), in order, without repeats (a DST fall-back hour is one bucket). */
export function bucketLabels(fromMs: number, toMs: number, tz: string, interval: Interval): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  // Stepping by hours visits every local hour and date even across DST changes.
  for (let t = fromMs; t < toMs; t += HOUR_MS) {
    const label = bucketLabel(t, tz, interval);
    if (!seen.has(label)) {
      seen.add(label);
      out.push(label);
    }
  }
  return out;
}

/** "YYYY-MM-DD" + n days, calendar arithmetic (no zone). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}
