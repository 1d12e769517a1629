/**
 * Erasing one person's events, for a customer who asks a shop to delete their data: by the
 * visitor id, or by the user id the shop passes to identify (which also finds the visits on each
 * device before they signed in). A person's page links here with `?erase=<id>`: the form comes
 * filled in and into view (erasing still takes the click and the confirmation).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { visitorErasureSchema, type VisitorErasure } from '../../../collector/schema/site.js';
import { request, sitePath } from '../api.js';
import { fmtCount } from '../format.js';
import { useAction } from '../use-action.js';

export function EraseVisitor({ site, initial = '' }: { site: string; initial?: string }) {
  const [id, setId] = useState(initial);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (initial) form.current?.scrollIntoView({ block: 'center' });
  }, []);
  const [done, setDone] = useState<VisitorErasure>();
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const who = id.trim();
    if (!who || !confirm(`Erase every event of “${who}” on “${site}”? This cannot be undone.`)) return;
    setDone(undefined);
    return run(async () => {
      setDone(await request(sitePath(site, `/visitors/${encodeURIComponent(who)}`), visitorErasureSchema, { method: 'DELETE' }));
      setId('');
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-label="Erase a person's data" ref={form} id="erase">
      <h3>Erase a person’s data</h3>
      <p class="muted">
        For a request to delete someone’s data: every event of a visitor id, or of a user id your site passes to <code>identify</code> together with their visits before they signed in. Backups keep their copy, but a restore erases them again.
      </p>
      <label>
        Visitor id or user id
        <input name="erase-id" value={id} onInput={(e) => setId(e.currentTarget.value)} required maxLength={128} autocomplete="off" spellcheck={false} />
      </label>
      {done && (
        <p class="notice" role="status">
          {done.events === 0 && done.set_aside === 0
            ? `No events of “${done.id}” on this site.`
            : `Erased ${fmtCount(done.events, 'event')} of “${done.id}”` +
              (done.visitors.length ? ` (visitor id${done.visitors.length === 1 ? '' : 's'} ${done.visitors.join(', ')})` : '') +
              (done.set_aside ? ` and ${fmtCount(done.set_aside, 'row')} ClickHouse had refused` : '') +
              '.'}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="danger" disabled={busy}>
        {busy ? 'Erasing…' : 'Erase'}
      </button>
    </form>
  );
}
