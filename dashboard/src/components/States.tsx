/** Loading, error and empty states: designed, never a blank panel. */
import type { ComponentChildren } from 'preact';
import type { Loaded } from '../use-api.js';
import { ApiError } from '../api.js';
import { CopyField } from './CopyField.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  const code = error instanceof ApiError ? error.code : 'error';
  return (
    <div class="state error-state" role="alert">
      <p>
        <strong>Could not load this.</strong> <span class="muted">({code})</span>
      </p>
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

/** The view a reader (signed in with a site's API key) gets for a page that changes things. */
export function ReadOnly({ title, what }: { title: string; what: string }) {
  return (
    <div class="view">
      <h1 class="view-title">{title}</h1>
      <Empty title="Read-only access">
        <p>{what} You are signed in with this site's API key, which reads its data and changes nothing.</p>
      </Empty>
    </div>
  );
}

/** The script tag a site owner pastes; `cookieless` adds the attribute that turns visitor ids off. */
export function scriptTag(site: string, cookieless = false): string {
  return `<script defer src="${location.origin}/js/waymark.js" data-site="${site}"${cookieless ? ' data-cookieless' : ''}></script>`;
}

export function NoEvents({ site }: { site: string }) {
  return (
    <Empty title="No events yet for this period">
      <p>If the site is new, paste this tag into every page (before &lt;/head&gt;), then visit a page: it shows up here within seconds.</p>
      <CopyField value={scriptTag(site)} label="Script tag" />
      <p class="muted">Or try a wider date range, or remove filters.</p>
    </Empty>
  );
}

/** Shows loading / error / empty / data for one request; keeps old data visible while reloading. */
export function Async<T>(props: {
  state: Loaded<T>;
  isEmpty?: (d: T) => boolean;
  empty?: ComponentChildren;
  children: (d: T) => ComponentChildren;
  label?: string;
}) {
  const { data, error, loading, reload } = props.state;
  if (error && !loading) return <ErrorBox error={error} retry={reload} />;
  if (data === undefined) return <Loading label={props.label} />;
  if (props.isEmpty?.(data)) return <>{props.empty ?? <Empty title="Nothing to show" />}</>;
  return <div class={loading ? 'stale' : undefined} aria-busy={loading}>{props.children(data)}</div>;
}
