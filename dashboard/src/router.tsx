/**
 * A tiny history router: the URL is the state (view, site, range, filters), so reload, back and
 * shared links all show the same thing. Components subscribe with useLocation().
 */
import { useEffect, useState } from 'preact/hooks';
import type { AnchorHTMLAttributes, TargetedMouseEvent } from 'preact';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((f) => f());
addEventListener('popstate', notify);

export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  const before = location.pathname;
  history[opts.replace ? 'replaceState' : 'pushState'](null, '', url);
  // A new view starts at the top; a filter change on the same view keeps the scroll position.
  if (location.pathname !== before) scrollTo(0, 0);
  notify();
}

export interface Loc {
  pathname: string;
  query: URLSearchParams;
  href: string;
}

const current = (): Loc => ({ pathname: location.pathname, query: new URLSearchParams(location.search), href: location.pathname + location.search });

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const f = () => setLoc(current());
    listeners.add(f);
    return () => void listeners.delete(f);
  }, []);
  return loc;
}

/** Sets (or, with undefined/'', removes) query keys on the current URL. */
export function setQuery(patch: Record<string, string | undefined>, opts: { replace?: boolean } = {}): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(location.pathname + (s ? `?${s}` : ''), opts);
}

type AnchorProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An <a> that navigates in-app on a plain left click and behaves normally otherwise (new tab…). */
export function Link(props: AnchorProps) {
  const onClick = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
