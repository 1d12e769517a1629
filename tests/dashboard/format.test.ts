/** Points of a rate's change as the dashboard writes them: signed, one decimal, never "-0.0". */
import { describe, expect, it } from 'vitest';
import { fmtPt } from '../../dashboard/src/format.js';

describe('fmtPt', () => {
  it('signs a change in points, and writes what rounds to nothing as 0.0 pt', () => {
    expect([0.013, -0.2231, 0, -0.0004, 0.0004, -0.0005, null, undefined].map(fmtPt)).toEqual(['+1.3 pt', '-22.3 pt', '0.0 pt', '0.0 pt', '0.0 pt', '-0.1 pt', '–', '–']);
  });
});
