/**
 * Journey editor: stages, matchers, window, order, scope, owners and targets, validated by the
 * API's schema as you type, with a live preview of how many visitors reach each stage. Event name
 * fields suggest the names the site sent in the range (the custom events analysis), so a stage
 * does not wait for "add-to-cart" when the site sends "add_to_cart".
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { customEventsResultSchema } from '../../../analysis/custom-events/schema.js';
import { storedJourneySchema } from '../../../analysis/journeys/schema.js';
import { ApiError, request, requestVoid, sitePath } from '../api.js';
import type { Ctx } from '../context.js';
import { draftOf, emptyDraft, emptyStage, slug, validate, type Draft } from '../journey-draft.js';
import { analysisUrl } from '../queries.js';
import { navigate } from '../router.js';
import { useApi } from '../use-api.js';
import { carry } from '../state.js';
import { Empty, Loading, ReadOnly } from '../components/States.js';
import { StageEditor } from '../components/StageEditor.js';
import { usePreview } from '../components/JourneyPreview.js';
import { JourneyAlert } from './JourneyAlert.js';

export function JourneyEditor({ ctx }: { ctx: Ctx }) {
  const id = ctx.params.id;
  if (!ctx.admin) return <ReadOnly title="Journey editor" what="Journeys are defined by the site's admin." />;
  if (id === undefined) return <Editor ctx={ctx} initial={emptyDraft()} isNew />;
  if (!ctx.journeys) return <Loading label="Loading journey…" />;
  const j = ctx.journeys.find((x) => x.id === id);
  if (!j) return <Empty title={`No journey “${id}” on this site`} />;
  return (
    <>
      <Editor key={j.id + j.updated_at} ctx={ctx} initial={draftOf(j.id, j)} />
      <div class="view">
        <JourneyAlert ctx={ctx} journeyId={j.id} />
      </div>
    </>
  );
}

const EVENT_NAMES = 'event-names';

function Editor({ ctx, initial, isNew = false }: { ctx: Ctx; initial: Draft; isNew?: boolean }) {
  const [draft, setDraft] = useState(initial);
  const [idTouched, setIdTouched] = useState(!isNew);
  const [saveError, setSaveError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const { journey, errors } = useMemo(() => validate(draft), [draft]);
  const savedVersion = useMemo(() => (isNew ? undefined : validate(initial).journey), [initial, isNew]);
  const preview = usePreview(ctx, journey, savedVersion && { id: initial.id, journey: savedVersion });
  const namesUrl = analysisUrl({ ...ctx, filters: {} }, 'custom_events', { limit: 200 });
  const names = useApi(namesUrl, (signal) => request(namesUrl, customEventsResultSchema, { signal }));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const shown = tried ? errors : new Map([...errors].filter(([k]) => k === 'id' && draft.id !== ''));

  // A new journey's id follows its name until the id is edited by hand.
  useEffect(() => {
    if (!idTouched) set({ id: slug(draft.name) });
  }, [draft.name, idTouched]);

  const save = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!journey) return;
    setBusy(true);
    setSaveError(undefined);
    try {
      if (isNew && ctx.journeys?.some((j) => j.id === draft.id)) throw new ApiError(409, 'exists', `A journey “${draft.id}” already exists: pick another id.`);
      const saved = await request(sitePath(ctx.site.id, `/journeys/${encodeURIComponent(draft.id)}`), storedJourneySchema, { method: 'PUT', body: journey });
      ctx.reloadJourneys();
      navigate(carry('/funnel', ctx.q, { journey: saved.id }));
    } catch (err) {
      setSaveError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!confirm(`Delete the journey “${draft.name}”? Its events stay; only the definition goes.`)) return;
    try {
      await requestVoid(sitePath(ctx.site.id, `/journeys/${encodeURIComponent(initial.id)}`), { method: 'DELETE' });
      ctx.reloadJourneys();
      navigate(carry('/journeys', ctx.q));
    } catch (err) {
      setSaveError(err instanceof Error ? err.message : String(err));
    }
  };
  const stages = draft.stages;
  const move = (i: number, delta: -1 | 1) => {
    const next = [...stages];
    [next[i], next[i + delta]] = [next[i + delta]!, next[i]!];
    set({ stages: next });
  };

  return (
    <form class="view editor" onSubmit={save} noValidate>
      <h1 class="view-title">{isNew ? 'New journey' : `Edit “${initial.name}”`}</h1>
      <section class="card form">
        <div class="row3">
          <label>
            Name
            <input name="journey-name" value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} required placeholder="Checkout" />
            {shown.get('name') && <span class="field-error">{shown.get('name')}</span>}
          </label>
          <label>
            Id <span class="muted">(in URLs)</span>
            <input name="journey-id" value={draft.id} disabled={!isNew} onInput={(e) => (setIdTouched(true), set({ id: e.currentTarget.value }))} />
            {shown.get('id') && <span class="field-error">{shown.get('id')}</span>}
          </label>
          <label>
            Conversion window <span class="muted">(days from stage 1)</span>
            <input name="window-days" inputMode="decimal" value={draft.windowDays} onInput={(e) => set({ windowDays: e.currentTarget.value })} />
            {shown.get('window_ms') && <span class="field-error">{shown.get('window_ms')}</span>}
          </label>
        </div>
        <div class="row3">
          <label class="check">
            <input type="checkbox" checked={draft.strict} onChange={(e) => set({ strict: e.currentTarget.checked })} />
            Strict order (any other touchpoint between stages ends the journey)
          </label>
          <label>
            Count per
            <select value={draft.scope} onChange={(e) => set({ scope: e.currentTarget.value as Draft['scope'] })}>
              <option value="visitor">Visitor (journeys span sessions)</option>
              <option value="session">Session (each visit on its own)</option>
            </select>
          </label>
        </div>
      </section>
      <p class="muted preview-note" data-preview-note>{preview.note}</p>
      <datalist id={EVENT_NAMES}>
        {(names.data?.events ?? []).map((e) => (
          <option key={e.name} value={e.name} />
        ))}
      </datalist>
      {stages.map((s, i) => (
        <StageEditor
          key={i}
          index={i}
          count={stages.length}
          stage={s}
          errors={shown}
          preview={preview.counts ? (preview.counts[i] ?? null) : undefined}
          eventNames={EVENT_NAMES}
          onChange={(st) => set({ stages: stages.map((x, j) => (j === i ? st : x)) })}
          onMove={(d) => move(i, d)}
          onRemove={() => set({ stages: stages.filter((_, j) => j !== i) })}
        />
      ))}
      <button type="button" class="small" onClick={() => set({ stages: [...stages, emptyStage()] })}>
        + Add stage
      </button>
      {shown.get('stages') && <p class="field-error">{shown.get('stages')}</p>}
      {tried && errors.size > 0 && <p class="error" role="alert">Please fix the marked fields.</p>}
      {saveError && <p class="error" role="alert">{saveError}</p>}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save journey'}
        </button>
        {!isNew && (
          <button type="button" class="danger" onClick={remove}>
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
