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

/** A change's figures as the change analyses give them: its z-test, and for a driver its p-value adjusted for the segments compared. */
export interface TestedChange {
  change: number | null;
  significant: boolean;
  p_value: number | null;
  q_value?: number | null;
}

/** A change before → now, marked where significant (`lowerIsBetter`: a rate that should fall, like bounce); p, and q when adjusted, in its title. */
export function Tested({ x, lowerIsBetter = false, children }: { x: TestedChange; lowerIsBetter?: boolean; children: ComponentChildren }) {
  const title = x.p_value === null ? undefined : `p = ${x.p_value.toPrecision(2)}` + (x.q_value == null ? '' : `, adjusted for the segments compared: q = ${x.q_value.toPrecision(2)}`);
  return (
    <Sig significant={x.significant} better={lowerIsBetter ? (x.change ?? 0) < 0 : (x.change ?? 0) > 0} title={title}>
      {children}
    </Sig>
  );
}
