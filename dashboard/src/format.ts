/** Number, rate and duration formatting, and HTML escaping for the few places that build HTML (chart tooltips). */
const int = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const fmtInt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : int.format(n));
/** A count with its noun: "1 event", "1,204 events", "2 people". */
export const fmtCount = (n: number, one: string, many = `${one}s`) => `${int.format(n)} ${n === 1 ? one : many}`;
export const fmtCompact = (n: number) => (Math.abs(n) >= 10_000 ? compact.format(n) : int.format(n));

/** 0.4312 → "43.1 %"; null → "–". */
export const fmtRate = (r: number | null | undefined, digits = 1) => (r === null || r === undefined ? '–' : `${(r * 100).toFixed(digits)} %`);
/** Two rates, before → now. */
export const fmtFromTo = (before: number | null, now: number | null, digits = 1) => `${fmtRate(before, digits)} → ${fmtRate(now, digits)}`;

/** Milliseconds → "850 ms", "12 s", "3 m 20 s", "2 h 5 m", "3 d 4 h". */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} m ${s % 60} s` : `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} m` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Page load times: "850 ms", "1.4 s". */
export const fmtLoad = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Revenue (no currency is stored): "1,234.50"; null → "–". */
export const fmtMoney = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A difference of two rates in percentage points: 0.013 → "+1.3 pt"; under 0.05 points either way "0.0 pt" (no "-0.0"); null → "–". */
export function fmtPt(d: number | null | undefined): string {
  if (d === null || d === undefined) return '–';
  const t = (d * 100).toFixed(1);
  return /^-?0\.0$/.test(t) ? '0.0 pt' : `${d > 0 ? '+' : ''}${t} pt`;
}

/** Relative change, or null when there is nothing to compare with. */
export const change = (now: number | null, before: number | null) =>
  now === null || before === null || before === 0 ? null : (now - before) / before;

export const fmtChange = (c: number | null) => (c === null ? '' : `${c > 0 ? '+' : ''}${(c * 100).toFixed(0)} %`);

/** For strings that go into HTML (ECharts tooltips render HTML): escape everything. */
export const escapeHtml = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
