/** The funnel trend's per-segment lines: buckets with too few entrants draw no point. */
import { describe, expect, it } from 'vitest';
import { MIN_SEGMENT_ENTRANTS, segmentSeries } from '../../dashboard/src/trend-series.js';

describe('segment trend lines', () => {
  it('leave a gap where a segment had fewer entrants than the minimum, and stop at the buckets shown', () => {
    const b = (entered: number, converted: number) => ({ reached: [entered, converted], conversion_rate: entered ? converted / entered : null });
    const lines = segmentSeries(
      [
        { value: 'mobile', buckets: [b(10, 2), b(MIN_SEGMENT_ENTRANTS, 1), b(MIN_SEGMENT_ENTRANTS - 1, 4), b(0, 0), b(20, 5)] },
        { value: 'tablet', buckets: [b(1, 1), b(2, 0), b(6, 3), b(0, 0), b(9, 9)] },
      ],
      4,
    );
    expect(lines).toEqual([
      { name: 'mobile', values: [0.2, 1 / MIN_SEGMENT_ENTRANTS, null, null] },
      { name: 'tablet', values: [null, null, 0.5, null] },
    ]);
  });
});
