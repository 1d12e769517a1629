/**
 * The funnel as HTML bars (not a canvas chart): each drop-off between two stages is a real button
 * that opens "where they went", readable by screen readers and clickable on a phone.
 */
import type { FunnelResult } from '../../../analysis/funnel/schema.js';
import { fmtDuration, fmtInt, fmtRate } from '../format.js';

export function FunnelBars({ result, selected, onDropoff }: { result: FunnelResult; selected?: number; onDropoff: (stage: number) => void }) {
  const top = Math.max(result.stages[0]?.reached ?? 0, 1);
  return (
    <ol class="funnel-bars">
      {result.stages.map((s) => {
        const pct = (s.reached / top) * 100;
        const gap = s.target_gap;
        return (
          <li key={s.index} class="funnel-stage" data-stage={s.index}>
            <div class="stage-label">
              <span class="stage-name">
                {s.index}. {s.name}
              </span>
              {s.owner && <span class="owner">{s.owner}</span>}
            </div>
            <div class="stage-bar-row">
              <div class="stage-bar" style={{ width: `${Math.max(pct, 0.5)}%` }} />
              <span class="stage-count" data-reached={s.reached}>
                {fmtInt(s.reached)}
              </span>
              <span class="muted stage-rate">{fmtRate(s.conversion_from_first)} of first</span>
            </div>
            <div class="stage-meta muted">
              {s.index > 1 && <>From previous {fmtRate(s.conversion_from_previous)} · median {fmtDuration(s.median_ms_from_previous)}</>}
              {s.index === 1 && <>{fmtRate(s.conversion_from_previous)} of all {result.unit === 'visitor' ? 'visitors' : 'sessions'}</>}
              {s.target_rate !== null && (
                <span class={gap !== null && gap < 0 ? 'below-target' : 'on-target'}>
                  {' '}
                  · target {fmtRate(s.target_rate, 0)}
                  {gap !== null && ` (${gap >= 0 ? '+' : ''}${(gap * 100).toFixed(1)} pt)`}
                </span>
              )}
            </div>
            {s.dropped !== null && (
              <button
                type="button"
                class={selected === s.index ? 'dropoff active' : 'dropoff'}
                data-dropoff={s.index}
                aria-expanded={selected === s.index}
                onClick={() => onDropoff(s.index)}
              >
                <span aria-hidden="true">↘</span> <strong>{fmtInt(s.dropped)}</strong> dropped ({fmtRate(s.dropoff_rate)}) — where did they go?
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}
