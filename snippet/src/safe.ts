/**
 * The snippet must never throw into the host page: every entry point (listener, history hook,
 * public call) goes through `safe`, which swallows anything our code throws.
 */
export const safe =
  <A extends unknown[]>(f: (...a: A) => unknown) =>
  (...a: A): void => {
    try {
      f(...a);
    } catch {
      /* tracking is best-effort; the host page comes first */
    }
  };

/**
 * Listen on window. `capture` is used for clicks so a host handler that stops propagation
 * cannot hide them; `load` must NOT capture, or every <img> load would reach us.
 */
export const on = (type: string, f: (e: any) => unknown, capture?: boolean): void =>
  addEventListener(type, safe(f), capture);
