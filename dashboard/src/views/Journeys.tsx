/** The site's journeys: each with its stages and links to its map, funnel and editor. */
import { alertsResponse, type Alert } from '../../../analysis/alerts/schema.js';
import { request, sitePath } from '../api.js';
import type { Ctx } from '../context.js';
import { useApi } from '../use-api.js';
import { OUTCOME_WORDS } from '../components/webhook-form.js';
import { fmtDuration } from '../format.js';
import { Link } from '../router.js';
import { carry } from '../state.js';
import { viewPath } from '../routes.js';
import { journeyGate } from '../components/JourneyPicker.js';

export function Journeys({ ctx }: { ctx: Ctx }) {
  const gate = journeyGate(ctx, ctx.journeys?.[0]);
  // Alerts are the admin's (their webhooks are secrets): a site's key does not ask.
  const alertsUrl = ctx.admin ? sitePath(ctx.site.id, '/alerts') : null;
  const alerts = useApi(alertsUrl, (signal) => request(alertsUrl!, alertsResponse, { signal })).data?.alerts;
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
              {alerts && <AlertLine alert={alerts.find((a) => a.journey === j.id)} />}
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

/** Whether the journey has an alert, and what its newest check found. */
function AlertLine({ alert }: { alert: Alert | undefined }) {
  if (!alert) return <p class="muted small" data-alert-state="off">No alert</p>;
  const last = alert.last_check;
  const what = !last ? 'not checked yet' : last.outcome === 'sent' ? `sent for ${last.day}` : `${last.day}: ${OUTCOME_WORDS[last.outcome]}${last.outcome === 'failed' ? ', tried again' : ''}`;
  return (
    <p class={`small ${last?.outcome === 'failed' ? 'error' : 'muted'}`} data-alert-state={last?.outcome ?? 'on'}>
      Alert on · {what}
    </p>
  );
}
