/**
 * Active filters as removable chips, and a small form to add one. Filters live in the URL, so
 * they survive reloads and travel with shared links. Tables also add filters on click (FilterLink).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Ctx } from '../context.js';
import { Link, navigate } from '../router.js';
import { FILTER_KEYS, FILTER_LABELS, PROP_KEY, type FilterKey } from '../state.js';

function withQuery(mutate: (q: URLSearchParams) => void): string {
  const q = new URLSearchParams(location.search);
  mutate(q);
  const s = q.toString();
  return location.pathname + (s ? `?${s}` : '');
}

/** A table cell value that, when clicked, filters everything by it. */
export function FilterLink({ k, value, children }: { k: FilterKey; value: string; children?: ComponentChildren }) {
  const href = withQuery((q) => q.set(k, value));
  return (
    <Link href={href} class="filter-link" title={`Filter: ${FILTER_LABELS[k]} = ${value}`}>
      {children ?? value}
    </Link>
  );
}

export function FilterBar({ ctx }: { ctx: Ctx }) {
  const [adding, setAdding] = useState(false);
  const [key, setKey] = useState<FilterKey | 'prop'>('channel');
  const [value, setValue] = useState('');
  const chips: { label: string; value: string; remove: () => void }[] = [];
  for (const k of FILTER_KEYS) {
    const v = ctx.filters[k];
    if (v) chips.push({ label: FILTER_LABELS[k], value: v, remove: () => navigate(withQuery((q) => q.delete(k))) });
  }
  for (const p of ctx.filters.props ?? []) {
    const raw = `${p.key}:${p.value}`;
    chips.push({
      label: `Property ${p.key}`,
      value: p.value,
      remove: () => navigate(withQuery((q) => {
        const rest = q.getAll(PROP_KEY).filter((x) => x !== raw);
        q.delete(PROP_KEY);
        rest.forEach((x) => q.append(PROP_KEY, x));
      })),
    });
  }

  const add = (e: Event) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) return;
    if (key === 'prop' && !/^[^:]+:/.test(v)) return;
    navigate(withQuery((q) => (key === 'prop' ? q.append(PROP_KEY, v) : q.set(key, v))));
    setValue('');
    setAdding(false);
  };

  return (
    <div class="filters" aria-label="Filters">
      {chips.map((c) => (
        <span class="chip" key={c.label + c.value} data-filter={c.label}>
          <span class="chip-label">{c.label}:</span> <span class="chip-value" title={c.value}>{c.value}</span>
          <button type="button" class="chip-x" aria-label={`Remove filter ${c.label}`} onClick={c.remove}>
            ×
          </button>
        </span>
      ))}
      {adding ? (
        <form class="add-filter" onSubmit={add}>
          <select aria-label="Filter by" value={key} onChange={(e) => setKey(e.currentTarget.value as FilterKey | 'prop')}>
            {FILTER_KEYS.map((k) => (
              <option key={k} value={k}>
                {FILTER_LABELS[k]}
              </option>
            ))}
            <option value="prop">Property (key:value)</option>
          </select>
          <input aria-label="Filter value" value={value} placeholder={key === 'prop' ? 'plan:pro' : 'value'} onInput={(e) => setValue(e.currentTarget.value)} required />
          <button type="submit" class="small primary">Add</button>
          <button type="button" class="small" onClick={() => setAdding(false)}>Cancel</button>
        </form>
      ) : (
        <button type="button" class="small add-filter-btn" onClick={() => setAdding(true)}>
          + Filter
        </button>
      )}
      {chips.length > 1 && (
        <button type="button" class="link small" onClick={() => navigate(withQuery((q) => [...FILTER_KEYS, PROP_KEY].forEach((k) => q.delete(k))))}>
          Clear all
        </button>
      )}
    </div>
  );
}
