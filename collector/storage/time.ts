/**
 * Formatted seconds, reused: ingestion formats every row, and the rows of a moment share their
 * second (a batch spans up to a minute of client time, so a few dozen seconds at most).
 * Bounded: cleared wholesale when full.
 */
const seconds = new Map<number, string>();
const MAX_CACHED_SECONDS = 512;
/** 9999-12-31T23:59:59.999Z: past it toISOString() writes 6-digit years. */
const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/** ClickHouse DateTime64(3, 'UTC') text: "2026-11-23 08:19:15.123". */
export function toClickHouseTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_FOUR_DIGIT_YEAR_MS) return formatted(ms);
  const second = Math.floor(ms / 1000);
  let prefix = seconds.get(second);
  if (prefix === undefined) {
    if (seconds.size >= MAX_CACHED_SECONDS) seconds.clear();
    prefix = formatted(second * 1000).slice(0, 19);
    seconds.set(second, prefix);
  }
  const milli = ms - second * 1000;
  return prefix + (milli < 10 ? '.00' : milli < 100 ? '.0' : '.') + milli;
}

function formatted(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
