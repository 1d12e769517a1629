/** The site's journeys: each with its stages and links to its map, funnel and editor. */
import type { Ctx } from '../context.js';
import { fmtDuration } from '../format.js';
import { Link } from '../router.js';
import { carry } from '../state.js';
import { viewPath } from '../routes.js';
import { journeyGate } from '../components/JourneyPicker.js';

export function Journeys({ ctx }: { ctx: Ctx }) {
  const gate = journeyGate(ctx, ctx.journeys?.[0]);
  return (
    <div class="view journeys">
      <div class="view-head">
        <h1 class="view-title">Journeys</h1>
        {ctx.admin && (
          <Link class="button primary" href={carry(viewPath('journeyNew'), ctx.q)}>
            New journey
          </Link>
        )}
      </div>
      {gate ?? (
        <div class="journey-cards">
          {(ctx.journeys ?? []).map((j) => (
            <section class="card journey-card" key={j.id} data-journey={j.id}>
              <h3>{j.name}</h3>
              <ol class="stage-chips">
                {j.stages.map((s, i) => (
                  <li key={i}>{s.name}</li>
                ))}
              </ol>
              <p class="muted">
                Window {fmtDuration(j.window_ms)} · per {j.scope}
                {j.strict_order ? ' · strict order' : ''}
              </p>
              <div class="card-links">
                <Link href={carry(viewPath('journeyMap', { id: j.id }), ctx.q)}>Journey map</Link>
                <Link href={carry('/funnel', ctx.q, { journey: j.id })}>Funnel</Link>
                <Link href={carry('/sources', ctx.q, { journey: j.id })}>Sources</Link>
                {ctx.admin && <Link href={carry(viewPath('journeyEdit', { id: j.id }), ctx.q)}>Edit</Link>}
              </div>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
