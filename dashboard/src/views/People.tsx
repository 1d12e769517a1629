/**
 * People: who was here in the range, most recently seen first (a person is a user id with all its
 * devices, or a visitor id that never signed in). Each opens their journey; "Find a person" opens
 * anyone by a visitor id or user id. With `?journey=&stage=k` (linked from the funnel and "where
 * they went"): only the people who reached stage k and not the next, under the funnel's filters.
 * With `?cohort=&period=` (linked from the retention grid): a cohort's new people, or those back.
 */
import { visitorsResultSchema, type PersonRow, type VisitorsResult } from '../../../analysis/visitors/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { dateTimeIn } from '../dates.js';
import { fmtInt, fmtMoney } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { FILTER_KEYS, PROP_KEY, carry, filterParams } from '../state.js';
import type { StoredJourney } from '../../../analysis/journeys/schema.js';

/** Query keys that narrow the list (a funnel level, a retention cohort, filters), dropped by "Show everyone". */
const FILTER_PARAMS = ['journey', 'stage', ...COHORT_KEYS, 'limit', ...FILTER_KEYS, PROP_KEY];
import { useApi } from '../use-api.js';
import { COHORT_KEYS, cohortCellOf, cohortHref, cohortParams, type CohortCell } from '../cohort-link.js';
import { FindPerson, personHref } from '../components/FindPerson.js';
import { IdentifiedBadge } from '../components/PersonHeader.js';
import { Async, NoEvents } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';

const PAGE = 50;
const MAX = 1000;

/** From a funnel level's list, a person opens with that journey's stages marked, and leads back to it. */
const columns = (ctx: Ctx, level: ReturnType<typeof funnelLevel>): Column<PersonRow>[] => {
  const keep = level ? { journey: level.journey.id, stage: String(level.stage) } : {};
  const when = (ms: number) => dateTimeIn(ctx.site.timezone, ms);
  return [
    {
      key: 'person',
      label: 'Person',
      value: (r) => r.person,
      render: (r) => (
        <>
          <Link href={personHref(r.person, ctx.q, keep)} class="person-link">
            {r.person}
          </Link>
          {r.identified && <> <IdentifiedBadge /></>}
        </>
      ),
    },
    { key: 'last_seen', label: 'Last seen', value: (r) => when(r.last_ms), render: (r) => <span class="nowrap">{when(r.last_ms)}</span> },
    { key: 'first_seen', label: 'First seen', value: (r) => when(r.first_ms), render: (r) => <span class="nowrap">{when(r.first_ms)}</span> },
    { key: 'visitor_ids', label: 'Devices', value: (r) => r.visitor_ids, numeric: true, hint: 'Visitor ids seen in the range' },
    { key: 'pageviews', label: 'Views', value: (r) => r.pageviews, numeric: true },
    { key: 'events', label: 'Events', value: (r) => r.events, numeric: true, hint: 'Custom events' },
    { key: 'revenue', label: 'Revenue', value: (r) => r.revenue, format: (v) => (v ? fmtMoney(v) : '–'), numeric: true },
    { key: 'first_channel', label: 'First channel', value: (r) => r.first_channel },
    { key: 'last_touchpoint', label: 'Last touchpoint', value: (r) => r.last_touchpoint, render: (r) => <span class="path">{r.last_touchpoint}</span> },
    { key: 'device', label: 'Device', value: (r) => r.device },
    { key: 'country', label: 'Country', value: (r) => r.country },
  ];
};

/** The funnel level the list is narrowed to (`?journey=&stage=`), when the journey exists. */
function funnelLevel(ctx: Ctx): { journey: StoredJourney; stage: number } | null {
  const journey = ctx.journeys?.find((j) => j.id === ctx.q.get('journey'));
  const stage = Number(ctx.q.get('stage'));
  return journey && Number.isInteger(stage) && stage >= 1 && stage <= journey.stages.length ? { journey, stage } : null;
}

export function People({ ctx }: { ctx: Ctx }) {
  const limit = Math.min(MAX, Math.max(PAGE, Number(ctx.q.get('limit')) || PAGE));
  const cell = cohortCellOf(ctx.q);
  const level = cell ? null : funnelLevel(ctx);
  // Filters select a funnel's units at a level, or a cohort's first visits; else sessions: the people with one that passes.
  const url = cell
    ? analysisUrl(ctx, 'visitors', { limit, ...cohortParams(cell) })
    : level
      ? analysisUrl(ctx, 'visitors', { limit, journey: level.journey.id, stage: level.stage })
      : analysisUrl(ctx, 'visitors', { limit });
  const state = useApi(url, (signal) => request(url, visitorsResultSchema, { signal }));
  const filtered = Object.keys(ctx.filters).length > 0;
  return (
    <div class="view people">
      <div class="view-head">
        <h1 class="view-title">People</h1>
        <div class="view-controls">
          <FindPerson q={ctx.q} />
        </div>
      </div>
      {(level || cell || filtered) && <NarrowedNote ctx={ctx} level={level} cell={cell} />}
      <Async state={state} isEmpty={(d) => d.total === 0} empty={<NoEvents site={ctx.site.id} />}>
        {(d) => <Body ctx={ctx} d={d} limit={limit} />}
      </Async>
    </div>
  );
}

/** A narrowed list (a funnel level, filters, or both): whose it is, and the way back to everyone. */
function NarrowedNote({ ctx, level, cell }: { ctx: Ctx; level: { journey: StoredJourney; stage: number } | null; cell: CohortCell | null }) {
  const everyone = carry('/people', ctx.q, Object.fromEntries(FILTER_PARAMS.map((k) => [k, undefined])));
  const among = filterParams(ctx.filters).map(([k, v]) => `${k} ${v}`).join(', ');
  let whose = `People with a visit among ${among}`;
  if (cell) {
    const when = cell.interval === 'day' ? `on ${cell.cohort}` : `in the week of ${cell.cohort}`;
    const back = cell.returnEvent ? `sent “${cell.returnEvent}”` : 'came back';
    whose = `New visitors first seen ${when}${cell.lost ? ` who have not ${cell.returnEvent ? `sent “${cell.returnEvent}”` : 'come back'} since` : cell.period > 0 ? ` who ${back} ${cell.interval} ${cell.period} after` : ''}`;
    if (among) whose += `, first visit among ${among}`;
  }
  // From a whole cohort, the other list a marketer wants: whom to win back.
  const lostLink =
    cell && cell.period === 0 && !cell.lost
      ? cohortHref(ctx.q, { ...cell, lost: true })
      : null;
  if (level) {
    const { journey, stage } = level;
    const name = (k: number) => `“${journey.stages[k - 1]!.name}”`;
    whose = stage === journey.stages.length ? `People who completed “${journey.name}”` : `People who reached ${name(stage)} but not ${name(stage + 1)} in “${journey.name}”`;
    if (among) whose += `, among ${among}`;
  }
  return (
    <p class="notice" data-level={level ? '' : undefined} data-cohort-note={cell ? '' : undefined} data-filtered={level || cell ? undefined : ''}>
      {whose}.{' '}
      {lostLink && (
        <>
          <Link href={lostLink} data-lost-link>
            {cell?.returnEvent ? `Who has not sent “${cell.returnEvent}” since` : 'Who has not come back'}
          </Link>
          {' · '}
        </>
      )}
      <Link href={everyone}>Show everyone</Link>
    </p>
  );
}

function Body({ ctx, d, limit }: { ctx: Ctx; d: VisitorsResult; limit: number }) {
  const more = d.total > d.people.length && limit < MAX;
  return (
    <>
      <p class="lead" data-people-total>
        <strong>{fmtInt(d.total)}</strong> {d.total === 1 ? 'person' : 'people'} seen in this range
        {d.total > d.people.length ? `; the ${fmtInt(d.people.length)} most recent` : ''}.
      </p>
      <Table
        name="people"
        title="Most recently seen"
        rows={d.people}
        columns={columns(ctx, funnelLevel(ctx))}
        initialSort={{ key: 'last_seen', desc: true }}
        limit={d.people.length}
        empty="No one was seen in this range."
      />
      {more && (
        <button type="button" onClick={() => setQuery({ limit: String(Math.min(MAX, limit + PAGE)) }, { replace: true })}>
          Show {fmtInt(Math.min(PAGE, d.total - d.people.length, MAX - limit))} more
        </button>
      )}
    </>
  );
}
