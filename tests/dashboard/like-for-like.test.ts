/**
 * What a range is compared with: a range of days ending today (partly in the future) against a
 * baseline ending at the same local hour; complete ranges against whole periods.
 */
import { describe, expect, it } from 'vitest';
import { comparedRange, likeForLike, shiftRange } from '../../dashboard/src/dates.js';

// 2026-11-25 07:30 UTC = 08:30 in Berlin.
const NOW = Date.UTC(2026, 10, 25, 7, 30);

describe('comparedRange', () => {
  it('today so far against yesterday until the same local hour, in the site zone', () => {
    expect(comparedRange({ from: '2026-11-25', to: '2026-11-25' }, 'Europe/Berlin', NOW)).toMatchObject({ from: '2026-11-24', to: '2026-11-24T08' });
    expect(comparedRange({ from: '2026-11-25', to: '2026-11-25' }, 'UTC', NOW)).toMatchObject({ from: '2026-11-24', to: '2026-11-24T07' });
  });

  it('the last 7 days (ending today) against the 7 before, their last day cut at the same hour', () => {
    expect(comparedRange({ from: '2026-11-19', to: '2026-11-25' }, 'Europe/Berlin', NOW)).toMatchObject({ from: '2026-11-12', to: '2026-11-18T08' });
  });

  it('today is a different day in another zone: there the range ending "2026-11-25" is in the future, not under way', () => {
    // 03:30 UTC: in New York still 2026-11-24, 22:30. A range ending 11-25 is not "today" there; one ending 11-24 is.
    const early = Date.UTC(2026, 10, 25, 3, 30);
    expect(comparedRange({ from: '2026-11-25', to: '2026-11-25' }, 'America/New_York', early)).toMatchObject({ from: '2026-11-24', to: '2026-11-24' });
    expect(comparedRange({ from: '2026-11-24', to: '2026-11-24' }, 'America/New_York', early)).toMatchObject({ from: '2026-11-23', to: '2026-11-23T22' });
  });

  it('complete ranges and hour ranges keep whole baselines', () => {
    expect(comparedRange({ from: '2026-11-24', to: '2026-11-24' }, 'Europe/Berlin', NOW)).toMatchObject({ from: '2026-11-23', to: '2026-11-23' });
    expect(comparedRange({ from: '2026-11-24T09', to: '2026-11-25T08' }, 'Europe/Berlin', NOW)).toMatchObject({ from: '2026-11-23T09', to: '2026-11-24T08' });
  });

  it('a shifted baseline (a week earlier) is cut the same way', () => {
    const today = { from: '2026-11-25', to: '2026-11-25' };
    expect(likeForLike(today, shiftRange(today, 7), 'Europe/Berlin', NOW)).toMatchObject({ from: '2026-11-18', to: '2026-11-18T08' });
  });
});
