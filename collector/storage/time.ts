/** ClickHouse DateTime64(3, 'UTC') text: "2026-11-23 08:19:15.123". */
export function toClickHouseTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
