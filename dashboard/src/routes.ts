/**
 * The dashboard's view URLs, one definition for the client router and the server (which answers
 * each with the app shell, or the login page). Site, date range and filters live in the query
 * string so a link shows the same thing to whoever opens it.
 */
export const VIEWS = {
  overview: '/overview',
  journeys: '/journeys',
  journeyNew: '/journeys/new',
  journeyMap: '/journeys/:id/map',
  journeyEdit: '/journeys/:id/edit',
  funnel: '/funnel',
  paths: '/paths',
  sources: '/sources',
  retention: '/retention',
  pages: '/pages',
  people: '/people',
  person: '/people/:id',
  sites: '/sites',
} as const;
export type ViewName = keyof typeof VIEWS;

/** Every URL pattern the server must answer with HTML (Hono route syntax). */
export const VIEW_PATTERNS: readonly string[] = ['/', ...Object.values(VIEWS)];

export interface Match {
  view: ViewName;
  params: Record<string, string>;
}

/** Matches a pathname against the view patterns; `/` (and anything unknown) is the overview. */
export function matchView(pathname: string): Match | null {
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  for (const [view, pattern] of Object.entries(VIEWS) as [ViewName, string][]) {
    const pp = pattern.split('/').filter(Boolean);
    if (pp.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pp.every((p, i) => {
      const seg = parts[i]!;
      if (p.startsWith(':')) {
        // A hand-typed "%" that is no escape would throw: such a URL names no view.
        const value = decoded(seg);
        if (value === null) return false;
        params[p.slice(1)] = value;
        return true;
      }
      return p === seg;
    });
    if (ok) return { view, params };
  }
  return parts.length === 0 ? { view: 'overview', params: {} } : null;
}

function decoded(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

/** Builds a view URL, filling `:params` (encoded). */
export function viewPath(view: ViewName, params: Record<string, string> = {}): string {
  return VIEWS[view].replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
}
