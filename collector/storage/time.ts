/** The last second formatted, reused: rows of one second share it (ingestion formats every row). */
let cachedSecond = NaN;
let cachedPrefix = '';
/** 9999-12-31T23:59:59.999Z: past it toISOString() writes 6-digit years. */
const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/** ClickHouse DateTime64(3, 'UTC') text: "2026-11-23 08:19:15.123". */
export function toClickHouseTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_FOUR_DIGIT_YEAR_MS) return formatted(ms);
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = formatted(second * 1000).slice(0, 19);
    cachedSecond = second;
  }
  const milli = ms - second * 1000;
  return cachedPrefix + (milli < 10 ? '.00' : milli < 100 ? '.0' : '.') + milli;
}

function formatted(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
