/**
 * One visit of a person: when (in the site's time zone) and how long, where from (channel,
 * source, campaign), on what (device, browser, OS, country), entry → exit page, its figures, a
 * "bounced" tag, the journey stages it reached, and its timeline.
 */
import type { VisitorSession } from '../../../analysis/visitor/schema.js';
import type { StoredJourney } from '../../../analysis/journeys/schema.js';
import { dateTimeIn } from '../dates.js';
import { fmtCount, fmtDuration, fmtInt, fmtMoney } from '../format.js';
import { StageChips } from './StageChips.js';
import { Timeline } from './Timeline.js';

/** Dimension values as the analyses read them: empty is "(none)", which says nothing here. */
const known = (v: string) => (v && v !== '(none)' ? v : '');
const join = (parts: string[], sep = ' · ') => parts.map(known).filter(Boolean).join(sep);

export function SessionCard(props: { s: VisitorSession; tz: string; journey: StoredJourney | undefined; showDevice: boolean }) {
  const { s, tz } = props;
  const devices = [...new Set(s.timeline.map((e) => e.visitor_id))];
  // Duration as every analysis defines it (last − first touchpoint); engaged time is shown beside it.
  const ms = s.end_ms - s.start_ms;
  const source = join([s.source, s.medium], ' / ');
  return (
    <article class="card session" data-session={s.n}>
      <header class="session-head">
        <h3 class="session-when">
          <time>{dateTimeIn(tz, s.start_ms, { weekday: true })}</time>
          <span class="muted session-duration">{ms < 1000 ? 'under 1 s' : fmtDuration(ms)}</span>
          {s.bounced && <span class="badge bounced">bounced</span>}
        </h3>
        <span class="muted session-n">visit {fmtInt(s.n)}</span>
      </header>
      <p class="session-meta">
        <span class="session-source">
          <strong>{s.channel || 'Unknown channel'}</strong>
          {source && <> · {source}</>}
          {known(s.campaign) && <> · campaign {s.campaign}</>}
        </span>
        <span class="session-tech muted">{join([s.device, s.browser, s.os, s.country])}</span>
        {props.showDevice && <span class="session-device muted" title="Visitor id (device)">visitor id {devices.join(', ')}</span>}
      </p>
      <p class="session-pages">
        <span class="path">{s.entry_page}</span>
        {s.exit_page !== s.entry_page && (
          <>
            {' '}
            <span aria-label="to">→</span> <span class="path">{s.exit_page}</span>
          </>
        )}
      </p>
      <p class="session-figures">
        <span data-fig="pageviews">{fmtCount(s.pageviews, 'page view')}</span>
        <span data-fig="events">{fmtCount(s.events, 'event')}</span>
        {s.engaged_ms > 0 && <span data-fig="engaged">{fmtDuration(s.engaged_ms)} engaged</span>}
        {s.revenue > 0 && <span data-fig="revenue">revenue {fmtMoney(s.revenue)}</span>}
        <StageChips stages={s.stages} journey={props.journey} />
      </p>
      <Timeline events={s.timeline} tz={tz} journey={props.journey} multiDevice={devices.length > 1} />
    </article>
  );
}
