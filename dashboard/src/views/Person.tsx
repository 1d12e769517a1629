/**
 * One person's journey: who they are (user id, devices, sign-ins), their totals in the range, and
 * their visits newest first, each with its timeline. A chosen journey (`?journey=`) marks the
 * touchpoints with the stages they match. Both tables (sessions, events) export as CSV.
 */
import type { StoredJourney } from '../../../analysis/journeys/schema.js';
import { VISITOR_EVENT_LIMIT, visitorResultSchema, type VisitorResult } from '../../../analysis/visitor/schema.js';
import { requestText, request } from '../api.js';
import type { Ctx } from '../context.js';
import { dateTimeIn, rangeText } from '../dates.js';
import { fmtCount, fmtDuration, fmtInt, fmtMoney } from '../format.js';
import { analysisUrl, type Extra } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { carry } from '../state.js';
import { viewPath } from '../routes.js';
import { useAction } from '../use-action.js';
import { useApi } from '../use-api.js';
import { FindPerson } from '../components/FindPerson.js';
import { JourneyPicker } from '../components/JourneyPicker.js';
import { Kpi } from '../components/Kpi.js';
import { PersonHeader } from '../components/PersonHeader.js';
import { SessionCard } from '../components/SessionCard.js';
import { StageChips } from '../components/StageChips.js';
import { Async, Empty } from '../components/States.js';
import { downloadCsv } from '../components/Table.js';

export function Person({ ctx }: { ctx: Ctx }) {
  const id = ctx.params.id ?? '';
  const asked = ctx.q.get('journey') || undefined;
  const journey = asked ? ctx.journeys?.find((j) => j.id === asked) : undefined;
  // Until the site's journeys are loaded, ask with the URL's; then only one the site has.
  const journeyId = asked && (!ctx.journeys || journey) ? asked : undefined;
  const limit = Math.min(VISITOR_EVENT_LIMIT.max, Math.max(1, Number(ctx.q.get('limit')) || VISITOR_EVENT_LIMIT.default));
  // One person is not a population: the API refuses filters here, so the URL's stay out.
  const query = (extra: Extra = {}) => analysisUrl({ ...ctx, filters: {} }, 'visitor', { id, limit, journey: journeyId, ...extra });
  const url = query();
  const state = useApi(url, (signal) => request(url, visitorResultSchema, { signal }));
  return (
    <div class="view person">
      <div class="view-head">
        <div>
          <Link href={carry(viewPath('people'), ctx.q, { journey: ctx.q.get('journey') ?? undefined, stage: ctx.q.get('stage') ?? undefined })} class="back-link">
            ← People
          </Link>
          <h1 class="view-title">Person</h1>
        </div>
        <div class="view-controls">
          <FindPerson key={id} q={ctx.q} />
          {(ctx.journeys?.length ?? 0) > 0 && <JourneyPicker ctx={ctx} journey={journey} label="Mark stages of" none="no journey" />}
        </div>
      </div>
      <Async state={state}>{(d) => <Body ctx={ctx} d={d} journey={journey} limit={limit} csv={(table) => query({ format: 'csv', table })} />}</Async>
    </div>
  );
}

function Body({ ctx, d, journey, limit, csv }: { ctx: Ctx; d: VisitorResult; journey: StoredJourney | undefined; limit: number; csv: (table: string) => string }) {
  const tz = ctx.site.timezone;
  const t = d.totals;
  // "2026-05-12 14:03": the date stays whole when a narrow card wraps it.
  const when = (v: number | null) => {
    if (v === null) return '–';
    const [day, time] = dateTimeIn(tz, v).split(' ');
    return (
      <>
        <span class="nowrap">{day}</span> {time}
      </>
    );
  };
  return (
    <>
      <PersonHeader d={d} tz={tz} q={ctx.q} admin={ctx.admin} />
      <section class="kpis person-totals" aria-label="Totals in this range">
        <Kpi id="sessions" label="Sessions" value={t.sessions} format={fmtInt} />
        <Kpi id="pageviews" label="Page views" value={t.pageviews} format={fmtInt} />
        <Kpi id="events" label="Events" value={t.events} format={fmtInt} hint="Custom events" />
        <Kpi id="revenue" label="Revenue" value={t.revenue} format={fmtMoney} />
        <Kpi id="engaged" label="Engaged time" value={t.engaged_ms} format={(v) => (v ? fmtDuration(v) : 'none')} />
        <Kpi id="first_seen" label="First seen" value={t.first_ms} format={when} hint={`In the range, ${tz}`} />
        <Kpi id="last_seen" label="Last seen" value={t.last_ms} format={when} hint={`In the range, ${tz}`} />
      </section>
      {d.shown < d.events_in_range && (
        <p class="notice warn" role="status" data-truncated>
          Showing the newest {fmtInt(d.shown)} of {fmtInt(d.events_in_range)} events; choose a shorter range
          {limit < VISITOR_EVENT_LIMIT.max && (
            <>
              {' '}
              or{' '}
              <button type="button" class="link" onClick={() => setQuery({ limit: String(VISITOR_EVENT_LIMIT.max) }, { replace: true })}>
                show up to {fmtInt(VISITOR_EVENT_LIMIT.max)}
              </button>
            </>
          )}
          .
        </p>
      )}
      <section class="sessions" aria-label="Visits">
        <header class="card-head">
          <h3>
            {fmtCount(d.sessions.length, 'visit')}, newest first <span class="muted">({tz})</span>
          </h3>
          <div class="card-actions">
            <Export name="sessions" url={csv('sessions')} disabled={d.sessions.length === 0} />
            <Export name="events" url={csv('events')} disabled={d.sessions.length === 0} />
          </div>
        </header>
        {journey && <StageLegend journey={journey} />}
        {d.sessions.length === 0 ? (
          <Empty title="No visits in this range">
            <p>
              No page views or events of “{d.id}” from {rangeText(ctx.range)}. Try a wider date range; ids are case-sensitive.
            </p>
          </Empty>
        ) : (
          d.sessions.map((s) => <SessionCard key={s.n} s={s} tz={tz} journey={journey} showDevice={d.visitor_ids.length > 1} />)
        )}
      </section>
    </>
  );
}

function StageLegend({ journey }: { journey: StoredJourney }) {
  return (
    <p class="stage-legend muted">
      Touchpoints marked with the stages of “{journey.name}”: <StageChips stages={journey.stages.map((_, i) => i + 1)} journey={journey} />
    </p>
  );
}

/** Downloads one of the API's CSV tables of this person (server side: every shown event). */
function Export({ name, url, disabled }: { name: 'sessions' | 'events'; url: string; disabled: boolean }) {
  const { busy, error, run } = useAction();
  const download = () => run(async () => downloadCsv(`person-${name}`, await requestText(url)));
  return (
    <>
      <button type="button" class="small" onClick={download} disabled={disabled || busy} data-export={`person-${name}`}>
        {busy ? 'Exporting…' : `${name === 'sessions' ? 'Sessions' : 'Events'} CSV`}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
