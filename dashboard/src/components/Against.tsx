/**
 * What a change is compared with (`?against=`): the period before, or the same weekdays a week,
 * 4 weeks or 52 weeks earlier (weekly rhythms cancel out) — only those that do not overlap the
 * range. A range ending today is compared until the same hour (dates.ts likeForLike).
 */
import type { Ctx } from '../context.js';
import { likeForLike, previousRange, rangeDays, shiftRange, type DateRange } from '../dates.js';
import { setQuery } from '../router.js';

const AGAINST = [
  { id: '', label: 'the period before', days: 0 },
  { id: 'week', label: 'a week earlier', days: 7 },
  { id: '4weeks', label: '4 weeks earlier', days: 28 },
  { id: 'year', label: '52 weeks earlier', days: 364 },
];

/** The choices for this range, the one asked for (else the period before) and its baseline. */
export function against(ctx: Ctx): { choices: typeof AGAINST; id: string; base: DateRange } {
  const choices = AGAINST.filter((a) => a.days === 0 || a.days >= rangeDays(ctx.range));
  const chosen = choices.find((a) => a.id === ctx.q.get('against')) ?? choices[0]!;
  const base = likeForLike(ctx.range, chosen.days ? shiftRange(ctx.range, chosen.days) : previousRange(ctx.range), ctx.site.timezone);
  return { choices, id: chosen.id, base };
}

export function AgainstPicker({ ctx, testId }: { ctx: Ctx; testId: string }) {
  const { choices, id } = against(ctx);
  return (
    <label class="inline-field">
      Compared with
      <select value={id} data-testid={testId} onChange={(e) => setQuery({ against: e.currentTarget.value || undefined })}>
        {choices.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </select>
    </label>
  );
}
