/**
 * Loads data for a view: re-fetches when `key` changes (cancelling the old request), keeps the
 * last answer on screen while the next one loads (no flashing), and exposes reload().
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, opts: { pollMs?: number } = {}): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; key: string | null }>({ loading: key !== null, key });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) return setState({ loading: false, key });
    const ctl = new AbortController();
    // A different key means different data: drop the old answer rather than show it under new labels.
    setState((s) => (s.key === key ? { ...s, loading: true } : { loading: true, key }));
    loadRef.current(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, loading: false, key }),
      (error: Error) => !ctl.signal.aborted && error.name !== 'AbortError' && setState({ error, loading: false, key }),
    );
    return () => ctl.abort();
  }, [key, tick]);

  useEffect(() => {
    if (!opts.pollMs || key === null) return;
    const t = setInterval(() => document.visibilityState === 'visible' && setTick((n) => n + 1), opts.pollMs);
    return () => clearInterval(t);
  }, [key, opts.pollMs]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  // The render right after the key changed comes before the effect above: the state still holds
  // the old key's answer, which must not show (nor look settled) under the new key's labels.
  const now = state.key === key ? state : { data: undefined, error: undefined, loading: key !== null };
  return { data: now.data, error: now.error, loading: now.loading, reload };
}
