/** The funnel trend's per-segment lines, kept apart from the chart so a test can hold them. */
import type { FunnelTrend } from '../../analysis/funnel/schema.js';
import type { Series } from './charts/options.js';

/**
 * A segment's bucket with fewer entrants than this draws no point: 1 of 2 is "50 %" and would swing
 * the line between 0 and 100 % (the counts stay in the API, the CSV and the breakdown table).
 */
export const MIN_SEGMENT_ENTRANTS = 5;

/** One line per segment over the first `shown` buckets; a gap where too few entered. */
export function segmentSeries(segments: NonNullable<FunnelTrend['segments']>, shown: number): Series[] {
  return segments.map((s) => ({
    name: s.value,
    values: s.buckets.slice(0, shown).map((b) => ((b.reached[0] ?? 0) >= MIN_SEGMENT_ENTRANTS ? b.conversion_rate : null)),
  }));
}
