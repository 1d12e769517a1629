/**
 * Top bar: brand, site picker, date range, sign out; below it the view navigation. A reader
 * (signed in with a site's API key) sees "read-only" and no Sites tab: managing sites is the admin's.
 */
import type { Ctx } from '../context.js';
import { PRESETS, hasHours, isHour } from '../dates.js';
import { Link, navigate, setQuery } from '../router.js';
import { carry } from '../state.js';
import { viewPath, type ViewName } from '../routes.js';
import { requestVoid } from '../api.js';

const NAV: { view: ViewName; label: string; match: ViewName[]; adminOnly?: boolean }[] = [
  { view: 'overview', label: 'Overview', match: ['overview'] },
  { view: 'journeys', label: 'Journeys', match: ['journeys', 'journeyMap', 'journeyEdit', 'journeyNew'] },
  { view: 'funnel', label: 'Funnel', match: ['funnel'] },
  { view: 'paths', label: 'Paths', match: ['paths'] },
  { view: 'sources', label: 'Sources', match: ['sources'] },
  { view: 'retention', label: 'Retention', match: ['retention'] },
  { view: 'pages', label: 'Pages', match: ['pages'] },
  { view: 'people', label: 'People', match: ['people', 'person'] },
  { view: 'sites', label: 'Sites', match: ['sites'], adminOnly: true },
];

/** Another site: keep the view and range, drop filters, journey and person (they belong to the old site). */
function switchSite(site: string, q: URLSearchParams) {
  const keep = new URLSearchParams({ site });
  for (const k of ['range', 'from', 'to']) if (q.get(k)) keep.set(k, q.get(k)!);
  const parent = ['/journeys', '/people'].find((p) => location.pathname.startsWith(p + '/'));
  const path = parent ?? location.pathname;
  navigate(`${path}?${keep}`);
}

async function signOut() {
  try {
    await requestVoid('/api/logout', { method: 'POST' });
  } finally {
    location.assign('/');
  }
}

export function Header({ ctx, view, admin, reader }: { ctx: Ctx | null; view: ViewName; admin: boolean; reader: boolean }) {
  const q = ctx?.q ?? new URLSearchParams(location.search);
  return (
    <header class="top">
      <div class="bar">
        <Link href={carry('/overview', q)} class="brand">
          <span class="brand-mark" aria-hidden="true">◆</span> Waymark
        </Link>
        {ctx && (
          <div class="pickers">
            <label class="picker">
              <span class="sr-only">Site</span>
              <select
                value={ctx.site.id}
                data-testid="site-picker"
                onChange={(e) => switchSite(e.currentTarget.value, q)}
              >
                {ctx.sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id}
                  </option>
                ))}
              </select>
            </label>
            <RangePicker ctx={ctx} />
          </div>
        )}
        {reader && (
          <span class="badge read-only" data-testid="read-only" title="Signed in with this site's API key: you can read its data, not change anything">
            read-only
          </span>
        )}
        <button type="button" class="link signout" onClick={signOut}>
          Sign out
        </button>
      </div>
      <nav class="tabs" aria-label="Views">
        {NAV.filter((n) => admin || !n.adminOnly).map((n) => (
          <Link key={n.view} href={carry(viewPath(n.view), q)} class={n.match.includes(view) ? 'tab active' : 'tab'} aria-current={n.match.includes(view) ? 'page' : undefined}>
            {n.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}

function RangePicker({ ctx }: { ctx: Ctx }) {
  const r = ctx.range;
  const choose = (v: string) => {
    if (v === 'custom') setQuery({ range: undefined, from: r.from, to: r.to });
    else setQuery({ range: v, from: undefined, to: undefined });
  };
  // A custom range keeps the unit it came with: days, or hours (e.g. from "Last 24 hours").
  const hours = hasHours(r);
  /** A range end in the pickers' unit: a day of an hour range becomes its first hour. */
  const unit = (p: string) => (hours && !isHour(p) ? `${p}T00` : p);
  const value = (p: string) => (hours ? `${unit(p)}:00` : p);
  const set = (k: 'from' | 'to', v: string) => {
    if (!v) return;
    const point = hours ? v.slice(0, 13) : v; // datetime-local "YYYY-MM-DDTHH:MM" → the hour
    setQuery({ range: undefined, from: k === 'from' ? point : unit(r.from), to: k === 'to' ? point : unit(r.to) });
  };
  const type = hours ? 'datetime-local' : 'date';
  return (
    <div class="range">
      <label class="picker">
        <span class="sr-only">Date range</span>
        <select value={r.preset} onChange={(e) => choose(e.currentTarget.value)} data-testid="range-picker">
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {r.preset === 'custom' && (
        <span class="dates">
          <input type={type} step={hours ? 3600 : undefined} aria-label="From" value={value(r.from)} max={value(r.to)} onChange={(e) => set('from', e.currentTarget.value)} />
          <span aria-hidden="true">–</span>
          <input type={type} step={hours ? 3600 : undefined} aria-label="To" value={value(r.to)} min={value(r.from)} onChange={(e) => set('to', e.currentTarget.value)} />
        </span>
      )}
    </div>
  );
}
