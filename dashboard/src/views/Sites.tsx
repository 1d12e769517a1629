/**
 * Sites: add a site and its domains, copy the script tag (optionally cookieless), manage the
 * site's read-only API keys and its exclusions, erase one person's events, and delete a site with its data. Also
 * the first screen of a fresh install (no sites yet).
 */
import { useState } from 'preact/hooks';
import { siteSchema, type Site } from '../../../collector/schema/site.js';
import { request } from '../api.js';
import { useAction } from '../use-action.js';
import type { Ctx } from '../context.js';
import { navigate } from '../router.js';
import { CopyField } from '../components/CopyField.js';
import { ReadOnly, scriptTag } from '../components/States.js';
import { ApiKeys } from './ApiKeys.js';
import { DeleteSite, rememberDeletion, takeDeletionNotice } from './DeleteSite.js';
import { EraseVisitor } from './EraseVisitor.js';
import { Exclusions } from './Exclusions.js';
import { TrackingAlert } from './TrackingAlert.js';
import { Summary } from './Summary.js';
import { BounceAlert } from './BounceAlert.js';

export function Sites({ ctx, reload }: { ctx: Ctx | null; reload?: () => void }) {
  const [cookieless, setCookieless] = useState(false);
  const [deleted] = useState(takeDeletionNotice);
  const site = ctx?.site;
  const refresh = reload ?? ctx?.reloadSites ?? (() => {});
  if (ctx && !ctx.admin) return <ReadOnly title="Sites" what="Sites, their script tags, API keys and data are managed by the admin." />;
  return (
    <div class="view sites">
      <h1 class="view-title">Sites</h1>
      {deleted && (
        <p class="notice" role="status">
          {deleted}
        </p>
      )}
      {!site && (
        <div class="card welcome">
          <h3>Welcome to Waymark</h3>
          <p>Add the website you want to track. You get a one-line script tag to paste into its pages.</p>
        </div>
      )}
      {site && (
        <section class="card" data-site-card={site.id}>
          <h3>Install on “{site.id}”</h3>
          <p class="muted">
            Paste this into every page of {site.domains.join(', ')}, just before &lt;/head&gt;. Time zone: {site.timezone}.
          </p>
          <CopyField value={scriptTag(site.id, cookieless)} label="Script tag" />
          <label class="check">
            <input type="checkbox" checked={cookieless} onChange={(e) => setCookieless(e.currentTarget.checked)} data-testid="cookieless" />
            Cookieless: store nothing in the browser; visitors are counted by a daily-rotating hash, so returning visitors are not recognised across days.
          </label>
        </section>
      )}
      {site && <ApiKeys site={site.id} />}
      {site && <Exclusions key={site.id} site={site} address={ctx?.address} onSaved={refresh} />}
      {site && <TrackingAlert key={`tracking-${site.id}`} site={site.id} />}
      {site && <BounceAlert key={`bounce-${site.id}`} site={site.id} />}
      {site && <Summary key={`summary-${site.id}`} site={site.id} />}
      <AddSite
        onAdded={(s) => {
          refresh();
          navigate(`/sites?site=${encodeURIComponent(s.id)}`);
        }}
      />
      {ctx && ctx.sites.length > 0 && (
        <section class="card">
          <h3>All sites</h3>
          <ul class="site-list">
            {ctx.sites.map((s) => (
              <li key={s.id}>
                <a href={`/overview?site=${encodeURIComponent(s.id)}`}>{s.id}</a> <span class="muted">{s.domains.join(', ')} · {s.timezone}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {site && <EraseVisitor site={site.id} initial={ctx?.q.get('erase') ?? ''} />}
      {site && (
        <DeleteSite
          site={site.id}
          onDeleted={(d) => {
            rememberDeletion(d);
            refresh();
            // Straight to another site: the list in hand still names the deleted one.
            const next = ctx?.sites.find((s) => s.id !== d.site);
            navigate(next ? `/sites?site=${encodeURIComponent(next.id)}` : '/sites');
            window.scrollTo(0, 0); // to the notice, away from the next site's delete form
          }}
        />
      )}
    </div>
  );
}

/** IANA zones for the picker; Chromium's list leaves out "UTC" and may lack the browser's own alias. */
const zones = (current: string): string[] => {
  let list: string[] = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch {
    /* old browser: the two below are enough */
  }
  return [...new Set(['UTC', current, ...list])];
};

function AddSite({ onAdded }: { onAdded: (s: Site) => void }) {
  const [id, setId] = useState('');
  const [domains, setDomains] = useState('');
  const [tz, setTz] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      const list = domains.split(/[\s,]+/).filter(Boolean);
      const site = await request('/api/sites', siteSchema, { method: 'POST', body: { id: id.trim(), domains: list, timezone: tz } });
      setId('');
      setDomains('');
      onAdded(site);
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-label="Add a site">
      <h3>Add a site</h3>
      <label>
        Site id <span class="muted">(letters, digits, - and _; used in the script tag)</span>
        <input name="site-id" value={id} onInput={(e) => setId(e.currentTarget.value)} required placeholder="shop" />
      </label>
      <label>
        Domains <span class="muted">(comma separated; *.example.com admits subdomains)</span>
        <input name="domains" value={domains} onInput={(e) => setDomains(e.currentTarget.value)} required placeholder="shop.example, *.shop.example" />
      </label>
      <label>
        Time zone <span class="muted">(days in reports start at midnight here)</span>
        <select name="timezone" value={tz} onChange={(e) => setTz(e.currentTarget.value)}>
          {zones(tz).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add site'}
      </button>
    </form>
  );
}
