/**
 * Annotations under a chart: the notes in the range (the chart draws them as lines), and for the
 * admin a form to add one ("new checkout live") and a way to remove one.
 */
import { useState } from 'preact/hooks';
import { MAX_ANNOTATION_LENGTH, annotationSchema, type Annotation } from '../../../analysis/annotations/schema.js';
import { request, requestVoid, sitePath } from '../api.js';
import type { Ctx } from '../context.js';
import { todayIn } from '../dates.js';
import { useAction } from '../use-action.js';

export function Notes({ ctx, list, reload }: { ctx: Ctx; list: readonly Annotation[]; reload(): void }) {
  const [adding, setAdding] = useState(false);
  const [date, setDate] = useState(() => todayIn(ctx.site.timezone));
  const [text, setText] = useState('');
  const action = useAction();
  const path = sitePath(ctx.site.id, '/annotations');
  const add = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      await request(path, annotationSchema, { method: 'POST', body: { date, text } });
      setText('');
      setAdding(false);
      reload();
    });
  };
  const remove = (a: Annotation) =>
    void action.run(async () => {
      await requestVoid(`${path}/${encodeURIComponent(a.id)}`, { method: 'DELETE' });
      reload();
    });
  if (list.length === 0 && !ctx.admin) return null;
  return (
    <div class="notes" data-notes>
      {list.length > 0 && (
        <ul class="notes-list">
          {list.map((a) => (
            <li key={a.id} data-note={a.date}>
              <span class="muted">{a.date}</span> {a.text}
              {ctx.admin && (
                <button type="button" class="link small" aria-label={`Remove the note “${a.text}”`} onClick={() => remove(a)} disabled={action.busy}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {ctx.admin &&
        (adding ? (
          <form class="notes-form" onSubmit={add} aria-label="Add a note">
            <input type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} required aria-label="Day" />
            <input
              name="note"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              required
              maxLength={MAX_ANNOTATION_LENGTH}
              placeholder="What happened, e.g. new checkout live"
              aria-label="Note"
            />
            <button type="submit" class="small" disabled={action.busy}>
              Add note
            </button>
            <button type="button" class="link small" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" class="link small" data-add-note onClick={() => setAdding(true)}>
            + Note on the chart
          </button>
        ))}
      {action.error && (
        <p class="error" role="alert">
          {action.error}
        </p>
      )}
    </div>
  );
}
