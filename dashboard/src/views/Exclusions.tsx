/**
 * A site's exclusions: pages (path globs) and addresses (IPs or CIDR ranges) whose events are
 * acknowledged and not stored, e.g. the owner's own visits or an admin area. Saved with the rest
 * of the site as it is (POST /api/sites replaces a site whole).
 */
import { useState } from 'preact/hooks';
import { siteSchema, type Site } from '../../../collector/schema/site.js';
import { request } from '../api.js';
import { useAction } from '../use-action.js';
import { FormStatus } from '../components/FormStatus.js';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function Exclusions({ site, address, onSaved }: { site: Site; address: string | undefined; onSaved: () => void }) {
  const [paths, setPaths] = useState(site.exclude_paths.join('\n'));
  const [ips, setIps] = useState(site.exclude_ips.join('\n'));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void action.run(async () => {
      const body = { id: site.id, domains: site.domains, timezone: site.timezone, exclude_paths: lines(paths), exclude_ips: lines(ips) };
      await request('/api/sites', siteSchema, { method: 'POST', body });
      setSaved(true);
      onSaved();
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-label="Exclusions" data-exclusions={site.id}>
      <h3>Exclusions</h3>
      <p class="muted">
        Events on these pages, or from these addresses, are acknowledged and not stored (counted in <code>/metrics</code> as excluded): your own visits, an admin area, a
        monitoring service. From now on; what is stored stays.
      </p>
      <label>
        Pages <span class="muted">(one path per line; * within a segment, ** across: /admin/**)</span>
        <textarea name="exclude_paths" rows={3} value={paths} onInput={(e) => setPaths(e.currentTarget.value)} spellcheck={false} />
      </label>
      <label>
        Addresses <span class="muted">(one per line: 203.0.113.7, 203.0.113.0/24, 2001:db8::/32)</span>
        <textarea name="exclude_ips" rows={3} value={ips} onInput={(e) => setIps(e.currentTarget.value)} spellcheck={false} />
      </label>
      {address && !lines(ips).includes(address) && (
        <p class="muted">
          Your address, as Waymark sees it: <code data-my-address>{address}</code>{' '}
          <button type="button" class="link small" data-add-my-address onClick={() => setIps([...lines(ips), address].join('\n'))}>
            Add it
          </button>{' '}
          (keeps your own visits out while you browse from here).
        </p>
      )}
      <button type="submit" disabled={action.busy}>
        Save exclusions
      </button>
      <FormStatus notice={saved && 'Saved.'} error={action.error} />
    </form>
  );
}
