/**
 * Journey map: the stages as columns (visitors, conversion, time, owner, target vs actual, what
 * happens on the way, channels, loops, skips, bounce, feedback) and the ranked pain points
 * beside them, each linking to the view that explains it.
 */
import { mapResultSchema, type MapResult } from '../../../analysis/map/schema.js';
import { request } from '../api.js';
import { pickJourney, type Ctx } from '../context.js';
import { fmtDuration, fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, navigate } from '../router.js';
import { carry } from '../state.js';
import { viewPath } from '../routes.js';
import { useApi } from '../use-api.js';
import { JourneyPicker, journeyGate } from '../components/JourneyPicker.js';
import { PainPoints } from '../components/PainPoints.js';
import { Async, Empty, NoEvents } from '../components/States.js';

type Stage = MapResult['stages'][number];

export function JourneyMap({ ctx }: { ctx: Ctx }) {
  const journey = pickJourney(ctx, ctx.params.id);
  const url = journey ? analysisUrl(ctx, 'map', { journey: journey.id }) : null;
  const state = useApi(url, (signal) => request(url!, mapResultSchema, { signal }));
  const missing = ctx.journeys && !ctx.journeys.some((j) => j.id === ctx.params.id);
  const gate = missing ? <Empty title={`No journey “${ctx.params.id ?? ''}” on this site`} /> : journeyGate(ctx, journey);
  return (
    <div class="view journey-map">
      <div class="view-head">
        <h1 class="view-title">Journey map{journey ? `: ${journey.name}` : ''}</h1>
        {journey && (
          <div class="view-controls">
            <JourneyPicker ctx={ctx} journey={journey} onPick={(id) => navigate(carry(viewPath('journeyMap', { id }), ctx.q))} />
            {ctx.admin && (
              <Link class="button small" href={carry(viewPath('journeyEdit', { id: journey.id }), ctx.q)}>
                Edit
              </Link>
            )}
          </div>
        )}
      </div>
      {gate ??
        (journey && (
          <Async state={state} isEmpty={(d) => d.units === 0} empty={<NoEvents site={ctx.site.id} />}>
            {(d) => (
              <div class="map-layout">
                <div>
                  <p class="muted lead">
                    {fmtInt(d.units)} {d.unit}s in this period. Feedback before the first stage: {feedback(d.feedback_before.avg, d.feedback_before.count)}.
                  </p>
                  <ol class="map-stages" data-map-stages>
                    {d.stages.map((s) => (
                      <StageColumn key={s.index} s={s} unit={d.unit} />
                    ))}
                  </ol>
                </div>
                <PainPoints ctx={ctx} journeyId={journey.id} points={d.pain_points} />
              </div>
            )}
          </Async>
        ))}
    </div>
  );
}

const feedback = (avg: number | null, n: number) => (avg === null ? 'none' : `${avg.toFixed(1)} / 5 (${fmtInt(n)})`);

function StageColumn({ s, unit }: { s: Stage; unit: string }) {
  const gap = s.target_gap;
  return (
    <li class="card map-stage" data-map-stage={s.index}>
      <div class="map-stage-head">
        <span class="muted">Stage {s.index}</span>
        {s.owner && <span class="owner">{s.owner}</span>}
      </div>
      <h3>{s.name}</h3>
      <div class="map-big" data-map-reached>
        {fmtInt(s.reached)}
      </div>
      <div class="muted">
        {unit}s · {fmtRate(s.conversion_from_first)} of first
      </div>
      <dl class="map-facts">
        <dt>From previous</dt>
        <dd>{fmtRate(s.conversion_from_previous)}</dd>
        <dt>Target</dt>
        <dd>{fmtRate(s.target_rate, 0)}</dd>
        <dt>vs target</dt>
        <dd class={gap === null ? '' : gap < 0 ? 'below-target' : 'on-target'}>{gap === null ? '–' : `${gap >= 0 ? '+' : ''}${(gap * 100).toFixed(1)} pt`}</dd>
        <dt>Median time</dt>
        <dd>{fmtDuration(s.median_ms_from_previous)}</dd>
        <dt>Dropped</dt>
        <dd>{fmtInt(s.dropped)}</dd>
        <dt>Drop-off</dt>
        <dd>{fmtRate(s.dropoff_rate)}</dd>
        <dt>Bounce</dt>
        <dd title={`${fmtInt(s.sessions)} sessions touched this stage`}>{fmtRate(s.bounce_rate)}</dd>
        <dt>Loops / skips</dt>
        <dd title="Came back to this stage after the next one / reached a later stage without this one">
          {fmtInt(s.loops)} / {fmtInt(s.skips)}
        </dd>
        <dt>Feedback</dt>
        <dd>{feedback(s.feedback_avg, s.feedback_count)}</dd>
      </dl>
      <Ranked title="On the way here" rows={s.top_touchpoints} />
      <Ranked title="Channels" rows={s.top_channels} />
    </li>
  );
}

function Ranked({ title, rows }: { title: string; rows: Stage['top_touchpoints'] }) {
  return (
    <div class="map-ranked">
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p class="muted">–</p>
      ) : (
        <ul>
          {rows.map((r) => (
            <li key={r.label}>
              <span class="path">{r.label}</span> <span class="muted">{fmtRate(r.share, 0)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
