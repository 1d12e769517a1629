/** A headline number, with its change against the previous period of the same length when given one. */
import type { ComponentChildren } from 'preact';
import { change, fmtChange } from '../format.js';

export function Kpi(props: {
  id: string;
  label: string;
  value: number | null;
  /** Leave out for a figure without a comparison (no change line). */
  previous?: number | null | undefined;
  format: (v: number | null) => ComponentChildren;
  /** For bounce rate: going down is good. */
  lowerIsBetter?: boolean;
  hint?: string;
  /** E.g. a link that explains the change. */
  action?: ComponentChildren;
}) {
  const c = props.previous === undefined ? null : change(props.value, props.previous);
  const good = c === null || c === 0 ? '' : (c > 0) !== !!props.lowerIsBetter ? 'up' : 'down';
  return (
    <div class="kpi" data-kpi={props.id} title={props.hint}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value">{props.format(props.value)}</div>
      {'previous' in props && (
        <div class={`kpi-change ${good}`} title="Change vs the previous period of the same length (for a range ending today: until the same hour)">
          {c === null ? <span class="muted">–</span> : fmtChange(c)}
          {props.previous !== undefined && props.previous !== null && props.previous !== 0 && <span class="muted"> from {props.format(props.previous)}</span>}
          {(props.previous === 0 || props.previous === null) && <span class="muted"> no earlier data</span>}
        </div>
      )}
      {props.action}
    </div>
  );
}
