/**
 * The shell: loads the sites (and the chosen site's journeys), derives site, range and filters
 * from the URL, and renders the view the path names inside the header and filter bar.
 */
import type { ComponentType } from 'preact';
import { request, sitePath } from './api.js';
import { journeysResponse, sessionResponse, sitesResponse, type Ctx } from './context.js';
import { resolveRange } from './dates.js';
import { useLocation } from './router.js';
import { matchView, type ViewName } from './routes.js';
import { filtersOf } from './state.js';
import { useApi } from './use-api.js';
import { Header } from './components/Header.js';
import { FilterBar } from './components/FilterBar.js';
import { Empty, ErrorBox, Loading } from './components/States.js';
import { Overview } from './views/Overview.js';
import { Journeys } from './views/Journeys.js';
import { JourneyMap } from './views/JourneyMap.js';
import { Funnel } from './views/Funnel.js';
import { Paths } from './views/Paths.js';
import { Sources } from './views/Sources.js';
import { Pages } from './views/Pages.js';
import { Retention } from './views/Retention.js';
import { JourneyEditor } from './views/JourneyEditor.js';
import { Sites } from './views/Sites.js';
import { People } from './views/People.js';
import { Person } from './views/Person.js';

const VIEWS: Record<ViewName, ComponentType<{ ctx: Ctx }>> = {
  overview: Overview,
  journeys: Journeys,
  journeyMap: JourneyMap,
  journeyEdit: JourneyEditor,
  journeyNew: JourneyEditor,
  funnel: Funnel,
  paths: Paths,
  sources: Sources,
  retention: Retention,
  pages: Pages,
  people: People,
  person: Person,
  sites: Sites,
};

/** Views that show data for a date range and filters (one person takes none; the others manage configuration). */
const FILTERED: ViewName[] = ['overview', 'journeyMap', 'funnel', 'paths', 'sources', 'retention', 'pages', 'people'];

export function App() {
  const loc = useLocation();
  // The sites this session can read: all for the admin, its own for a site's API key.
  const sites = useApi('sites', (signal) => request('/api/sites', sitesResponse, { signal }));
  const session = useApi('session', (signal) => request('/api/session', sessionResponse, { signal }));
  // Until the session is known, nothing that changes data shows.
  const admin = session.data?.role === 'admin';
  const list = sites.data?.sites;
  const site = list?.find((s) => s.id === loc.query.get('site')) ?? list?.[0];
  const journeys = useApi(site ? `journeys:${site.id}` : null, (signal) =>
    request(sitePath(site!.id, '/journeys'), journeysResponse, { signal }),
  );
  const match = matchView(loc.pathname);
  const view = match?.view ?? 'overview';

  let body;
  let ctx: Ctx | null = null;
  if (!match) body = <Empty title="No such page">Pick a view above.</Empty>;
  else if (sites.error && !list) body = <ErrorBox error={sites.error} retry={sites.reload} />;
  else if (!list) body = <Loading label="Loading sites…" />;
  else {
    ctx = site
      ? {
          site,
          sites: list,
          admin,
          ...(session.data?.address ? { address: session.data.address } : {}),
          range: resolveRange(loc.query, site.timezone),
          filters: filtersOf(loc.query),
          q: loc.query,
          params: match.params,
          journeys: journeys.data?.journeys,
          journeysError: journeys.error,
          reloadSites: sites.reload,
          reloadJourneys: journeys.reload,
        }
      : null;
    const View = VIEWS[view];
    if (ctx) body = <View key={`${view}:${site!.id}`} ctx={ctx} />;
    else if (!session.data) body = <Loading label="Loading…" />;
    else if (admin) body = <Sites ctx={null} reload={sites.reload} />;
    else body = <Empty title="No site to show">The site this key reads is gone. Ask the admin for another key.</Empty>;
  }

  return (
    <div class="shell">
      <Header ctx={ctx} view={view} admin={admin} reader={session.data?.role === 'reader'} />
      {ctx && FILTERED.includes(view) && <FilterBar ctx={ctx} />}
      <main class="main" id="main">
        {body}
      </main>
    </div>
  );
}
