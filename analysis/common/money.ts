/**
 * Revenue is summed as whole millionths on both sides, so ClickHouse and the TypeScript
 * references agree to the last digit whatever order they add in (floats would not).
 */
import { round } from './stats.js';

export const MICRO = 1_000_000;

/** An event's revenue in millionths, rounded half up (SQL over `events AS e`). */
export const REVENUE_MICRO_SQL = `toInt64(floor(ifNull(e.revenue, 0) * ${MICRO} + 0.5))`;

export const roundHalfUp = (x: number) => Math.floor(x + 0.5);

/** The TypeScript side of REVENUE_MICRO_SQL. */
export const toMicro = (revenue: number | null) => roundHalfUp((revenue ?? 0) * MICRO);

export const fromMicro = (micro: number) => round(micro / MICRO, 6);
