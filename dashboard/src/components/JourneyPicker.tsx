/** Which journey a view shows (`?journey=`), and what to show when the site has none yet. */
import type { StoredJourney } from '../../../analysis/journeys/schema.js';
import type { Ctx } from '../context.js';
import { Link, setQuery } from '../router.js';
import { carry } from '../state.js';
import { Empty, ErrorBox, Loading } from './States.js';

export function JourneyPicker(props: {
  ctx: Ctx;
  journey: StoredJourney | undefined;
  onPick?: (id: string) => void;
  label?: string;
  /** Offer "no journey" (value '', `?journey=` removed) with this text. */
  none?: string;
}) {
  const { ctx, journey, onPick, label = 'Journey', none } = props;
  return (
    <label class="inline-field">
      {label}
      <select
        value={journey?.id ?? ''}
        data-testid="journey-picker"
        onChange={(e) => (onPick ? onPick(e.currentTarget.value) : setQuery({ journey: e.currentTarget.value || undefined, stage: undefined }))}
      >
        {none !== undefined && <option value="">{none}</option>}
        {(ctx.journeys ?? []).map((j) => (
          <option key={j.id} value={j.id}>
            {j.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Loading / error / "define a journey first" for views that need one; null when there is one. */
export function journeyGate(ctx: Ctx, journey: StoredJourney | undefined) {
  if (ctx.journeysError) return <ErrorBox error={ctx.journeysError} retry={ctx.reloadJourneys} />;
  if (!ctx.journeys) return <Loading label="Loading journeys…" />;
  if (!journey)
    return (
      <Empty title="No journey defined yet">
        <p>A journey is the ordered stages you want visitors to go through (browse → cart → checkout → purchase).</p>
        {ctx.admin ? (
          <Link class="button primary" href={carry('/journeys/new', ctx.q)}>
            Define a journey
          </Link>
        ) : (
          <p class="muted">Ask the site's admin to define one.</p>
        )}
      </Empty>
    );
  return null;
}
