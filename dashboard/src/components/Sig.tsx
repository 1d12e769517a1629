/** A value marked ▲/▼ where it differs significantly (p < 0.05): better (higher) or worse. One look and one label for every significance mark. */
import type { ComponentChildren } from 'preact';

export function Sig({ significant, better, title, children }: { significant: boolean; better: boolean; title?: string | undefined; children: ComponentChildren }) {
  return (
    <span class={significant ? (better ? 'sig better' : 'sig worse') : undefined} title={title} data-significant={significant ? 'yes' : undefined}>
      {children}
      {significant && <span aria-label={better ? 'significantly better' : 'significantly worse'}>{better ? ' ▲' : ' ▼'}</span>}
    </span>
  );
}
