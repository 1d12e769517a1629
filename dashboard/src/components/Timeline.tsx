/**
 * A session's events in order, one compact line each: the local time, the kind, the path or
 * event name (or the user id a sign-in named), the page title, the event's properties, revenue,
 * load time and the journey stages it matched. Long sessions fold.
 */
import { useState } from 'preact/hooks';
import type { VisitorEvent } from '../../../analysis/visitor/schema.js';
import type { StoredJourney } from '../../../analysis/journeys/schema.js';
import { timeIn } from '../dates.js';
import { fmtDuration, fmtInt, fmtLoad, fmtMoney } from '../format.js';
import { StageChips } from './StageChips.js';

/** Lines shown before "Show all". */
const FOLD = 25;

const KIND: Record<VisitorEvent['type'], string> = { pageview: 'view', event: 'event', engagement: 'engaged', identify: 'sign-in' };

export function Timeline(props: { events: VisitorEvent[]; tz: string; journey: StoredJourney | undefined; multiDevice: boolean }) {
  const [all, setAll] = useState(false);
  const shown = all ? props.events : props.events.slice(0, FOLD);
  return (
    <>
      <ol class="timeline">
        {shown.map((e, i) => (
          <EventLine key={i} e={e} tz={props.tz} journey={props.journey} multiDevice={props.multiDevice} />
        ))}
      </ol>
      {props.events.length > FOLD && (
        <button type="button" class="link more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${fmtInt(props.events.length)} events`}
        </button>
      )}
    </>
  );
}

function EventLine({ e, tz, journey, multiDevice }: { e: VisitorEvent; tz: string; journey: StoredJourney | undefined; multiDevice: boolean }) {
  const props = Object.entries(e.props);
  return (
    <li class={`tl tl-${e.type}`} data-type={e.type}>
      <time class="tl-time">{timeIn(tz, e.ms)}</time>
      <span class="tl-kind">{KIND[e.type]}</span>
      <span class="tl-body">
        {e.type === 'event' ? (
          <>
            <span class="tl-what">{e.name}</span>
            <span class="muted tl-on">on <span class="path">{e.path}</span></span>
          </>
        ) : e.type === 'identify' ? (
          <>
            <span class="tl-what">identified as {e.user_id}</span>
            <span class="muted">on visitor id {e.visitor_id}</span>
          </>
        ) : e.type === 'engagement' ? (
          <span class="muted">
            {fmtDuration(e.engaged_ms)} on <span class="path">{e.path}</span>
          </span>
        ) : (
          <span class="tl-what path">{e.path}</span>
        )}
        {e.type === 'pageview' && e.title && <span class="tl-title muted" title={e.title}>{e.title}</span>}
        {props.length > 0 && (
          <span class="tl-props">
            {props.map(([k, v]) => (
              <code key={k} class="tl-prop">
                {k}={v}
              </code>
            ))}
          </span>
        )}
        {e.revenue !== null && <span class="tl-revenue">revenue {fmtMoney(e.revenue)}</span>}
        {e.type === 'pageview' && e.load_ms > 0 && <span class="tl-load muted">load {fmtLoad(e.load_ms)}</span>}
        {multiDevice && <span class="tl-device muted" title="Visitor id (device)">{e.visitor_id}</span>}
        <StageChips stages={e.stages} journey={journey} />
      </span>
    </li>
  );
}
