/**
 * Deleting a site and everything collected for it. The site's id must be typed to confirm: one
 * click in the wrong card would otherwise erase a shop's history, and there is no undo.
 */
import { fmtCount } from '../format.js';
import { useState } from 'preact/hooks';
import { siteDeletionSchema, type SiteDeletion } from '../../../collector/schema/site.js';
import { request, sitePath } from '../api.js';
import { useAction } from '../use-action.js';

export function DeleteSite({ site, onDeleted }: { site: string; onDeleted: (done: SiteDeletion) => void }) {
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    if (typed !== site) return;
    return run(async () => onDeleted(await request(sitePath(site), siteDeletionSchema, { method: 'DELETE' })));
  };
  return (
    <form class="card form danger-zone" onSubmit={submit} aria-label="Delete this site">
      <h3>Delete “{site}”</h3>
      <p class="muted">
        Deletes the site with every event collected for it, its journeys, notes and API keys, for good. Its script tag stops being accepted. There is no undo (a backup restored later deletes it again).
      </p>
      <label>
        Type <code>{site}</code> to confirm
        <input name="confirm-site" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="danger" disabled={busy || typed !== site}>
        {busy ? 'Deleting…' : 'Delete site and its data'}
      </button>
    </form>
  );
}

/**
 * The last deletion, told once on the Sites view that follows it. Kept here, not in that view's
 * state: the view is mounted anew for the next site.
 */
let lastDeletion: SiteDeletion | undefined;
export const rememberDeletion = (d: SiteDeletion) => void (lastDeletion = d);
export function takeDeletionNotice(): string | undefined {
  const d = lastDeletion;
  lastDeletion = undefined;
  if (!d) return undefined;
  const aside = d.set_aside > 0 ? `, ${fmtCount(d.set_aside, 'row')} ClickHouse had refused` : '';
  return `Deleted “${d.site}” with ${fmtCount(d.events, 'event')}${aside}, ${fmtCount(d.journeys, 'journey')} and ${fmtCount(d.keys, 'API key')}.`;
}
