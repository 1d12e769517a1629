/** One stage in the journey editor: name, owner, target and its matchers (page glob or event, optional props). */
import type { DraftErrors, DraftMatcher, DraftStage } from '../journey-draft.js';
import { emptyMatcher } from '../journey-draft.js';

interface Props {
  index: number;
  count: number;
  stage: DraftStage;
  errors: DraftErrors;
  preview?: number | null;
  /** Id of a <datalist> of the site's event names, for event matchers. */
  eventNames?: string;
  onChange(s: DraftStage): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

export function StageEditor({ index, count, stage, errors, preview, eventNames, onChange, onMove, onRemove }: Props) {
  const err = (k: string) => errors.get(`stages.${index}${k ? '.' + k : ''}`);
  const set = (patch: Partial<DraftStage>) => onChange({ ...stage, ...patch });
  const setMatcher = (i: number, patch: Partial<DraftMatcher>) => set({ matchers: stage.matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <fieldset class="stage-editor card" data-stage-editor={index + 1}>
      <legend>
        Stage {index + 1}
        {preview !== undefined && (
          <span class="preview-count" data-preview={index + 1}>
            {preview === null ? '…' : `${preview.toLocaleString('en-US')} reached`}
          </span>
        )}
      </legend>
      <div class="row3">
        <label>
          Name
          <input value={stage.name} onInput={(e) => set({ name: e.currentTarget.value })} name={`stage-${index}-name`} required />
          {err('name') && <span class="field-error">{err('name')}</span>}
        </label>
        <label>
          Owner <span class="muted">(team)</span>
          <input value={stage.owner} onInput={(e) => set({ owner: e.currentTarget.value })} name={`stage-${index}-owner`} placeholder="e.g. Marketing" />
        </label>
        <label>
          Target % <span class="muted">(from previous)</span>
          <input value={stage.target} inputMode="decimal" onInput={(e) => set({ target: e.currentTarget.value })} name={`stage-${index}-target`} placeholder="e.g. 60" />
          {err('target_rate') && <span class="field-error">{err('target_rate')}</span>}
        </label>
      </div>
      <div class="matchers">
        <span class="label">Matches any of</span>
        {stage.matchers.map((m, i) => (
          <div class="matcher" key={i}>
            <select aria-label="Match kind" value={m.kind} onChange={(e) => setMatcher(i, { kind: e.currentTarget.value as DraftMatcher['kind'] })}>
              <option value="path">Page path</option>
              <option value="event">Event name</option>
            </select>
            <input
              aria-label={m.kind === 'path' ? 'Page path glob' : 'Event name'}
              name={`stage-${index}-matcher-${i}`}
              value={m.value}
              list={m.kind === 'event' ? eventNames : undefined}
              placeholder={m.kind === 'path' ? '/products/*' : 'add_to_cart'}
              onInput={(e) => setMatcher(i, { value: e.currentTarget.value })}
            />
            <input aria-label="Properties" value={m.props} placeholder="props: key=value" onInput={(e) => setMatcher(i, { props: e.currentTarget.value })} />
            <button type="button" class="small" aria-label="Remove matcher" disabled={stage.matchers.length === 1} onClick={() => set({ matchers: stage.matchers.filter((_, j) => j !== i) })}>
              ×
            </button>
            {(err(`matchers.${i}.path`) || err(`matchers.${i}.event`) || err(`matchers.${i}`)) && (
              <span class="field-error">{err(`matchers.${i}.path`) ?? err(`matchers.${i}.event`) ?? err(`matchers.${i}`)}</span>
            )}
          </div>
        ))}
        <button type="button" class="link small" onClick={() => set({ matchers: [...stage.matchers, emptyMatcher()] })}>
          + matcher
        </button>
      </div>
      <div class="stage-tools">
        <button type="button" class="small" disabled={index === 0} onClick={() => onMove(-1)} aria-label="Move stage up">
          ↑
        </button>
        <button type="button" class="small" disabled={index === count - 1} onClick={() => onMove(1)} aria-label="Move stage down">
          ↓
        </button>
        <button type="button" class="small danger" disabled={count === 1} onClick={onRemove}>
          Remove stage
        </button>
      </div>
    </fieldset>
  );
}
