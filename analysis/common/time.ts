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
 * The UTC instant at which a local calendar date starts in `tz`. Two passes settle the offset
 * around DST changes; where midnight does not exist, the day starts at the first instant after.
 */
export function zonedDayStart(date: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  let guess = naive - offsetAt(naive, tz);
  guess = naive - offsetAt(guess, tz);
  return guess;
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
