/**
 * "What moved the bounce rate?" under the overview's figures, on demand (`?bounce_why=1`): the
 * bounce rate against the figure's own baseline (or a week, 4 or 52 weeks earlier: Against.tsx),
 * and the segments behind it — a
 * segment that bounces more than it did (rate), or that brings more of the sessions and bounces
 * above average (mix). Two overview-sized queries.
 */
import { bounceChangeResultSchema, type BounceChangeResult, type BounceDriver } from '../../../analysis/bounce-change/result.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { rangeText } from '../dates.js';
import { AgainstPicker, against } from './Against.js';
import { fmtFromTo, fmtInt, fmtPt } from '../format.js';
import { analysisUrl } from '../queries.js';
import { setQuery } from '../router.js';
import { FILTER_LABELS } from '../state.js';
import { useApi } from '../use-api.js';
import { Async } from './States.js';
import { Tested } from './Sig.js';
import { Table, type Column } from './Table.js';

const columns: Column<BounceDriver>[] = [
  {
    key: 'segment',
    label: 'Segment',
    value: (r) => `${FILTER_LABELS[r.by]}: ${r.value}`,
    render: (r) => (
      <>
        <span class="muted">{FILTER_LABELS[r.by]}</span> {r.value || '(none)'}
      </>
    ),
  },
  { key: 'share', label: 'Share', value: (r) => r.current.share, render: (r) => fmtFromTo(r.baseline.share, r.current.share, 0), numeric: true, hint: 'Of all sessions' },
  { key: 'rate', label: 'Bounce rate', value: (r) => r.current.rate, render: (r) => (
      <Tested x={r} lowerIsBetter>
        {fmtFromTo(r.baseline.rate, r.current.rate)}
      </Tested>
    ), numeric: true, hint: '▲/▼ = significant after adjusting for every segment compared' },
  { key: 'rate_effect', label: 'Rate effect', value: (r) => r.rate_effect, format: fmtPt, numeric: true, hint: 'It bounces differently' },
  { key: 'mix_effect', label: 'Mix effect', value: (r) => r.mix_effect, format: fmtPt, numeric: true, hint: 'Its share moved, and it bounces above or below average' },
  { key: 'effect', label: 'Effect', value: (r) => r.effect, format: fmtPt, numeric: true, hint: 'Rate + mix; a dimension’s effects add up to the change' },
];

/** The largest driver in words: the bigger of its two effects says what happened. */
function lead(top: BounceDriver) {
  const who = `${FILTER_LABELS[top.by]} ${top.value || '(none)'}`;
  const what = Math.abs(top.rate_effect) >= Math.abs(top.mix_effect) ? `bounces at ${fmtFromTo(top.baseline.rate, top.current.rate)}` : `brings ${fmtFromTo(top.baseline.share, top.current.share, 0)} of the sessions`;
  return `Largest effect: ${who} ${what}, ${fmtPt(top.effect)}.`;
}

export function BounceWhy({ ctx }: { ctx: Ctx }) {
  return ctx.q.get('bounce_why') === '1' ? <BounceWhyCard ctx={ctx} /> : null;
}

function BounceWhyCard({ ctx }: { ctx: Ctx }) {
  const { base } = against(ctx);
  const url = analysisUrl(ctx, 'bounce_change', { baseline_from: base.from, baseline_to: base.to });
  const state = useApi(url, (signal) => request(url, bounceChangeResultSchema, { signal }));
  return (
    <section class="card bounce-why" aria-label="What moved the bounce rate" data-bounce-why>
      <header class="card-head">
        <h3>What moved the bounce rate?</h3>
        <div class="view-controls">
          <AgainstPicker ctx={ctx} testId="bounce-against" />
          <button type="button" class="small" onClick={() => setQuery({ bounce_why: undefined, against: undefined })}>
            Close
          </button>
        </div>
      </header>
      <Async state={state} label="Comparing the two periods…">
        {(d) => <Explained d={d} />}
      </Async>
    </section>
  );
}

function Explained({ d }: { d: BounceChangeResult }) {
  return (
    <>
      <p class="muted">
        {rangeText(d.current)}: {fmtInt(d.current.sessions)} sessions, against {rangeText(d.baseline)}: {fmtInt(d.baseline.sessions)}. Bounce rate{' '}
        <Tested x={d} lowerIsBetter>
          {fmtFromTo(d.baseline.rate, d.current.rate)} ({fmtPt(d.change)})
        </Tested>.
      </p>
      {d.drivers[0] && <p class="lead" data-bounce-lead>{lead(d.drivers[0])}</p>}
      <Table name="bounce-drivers" title="Behind the change" rows={d.drivers} columns={columns} empty="No segment moved the bounce rate: the same segments bounced as before, in the same shares." />
      {d.segments_tested > 1 && (
        <p class="muted small" data-bounce-tested>
          {fmtInt(d.segments_tested)} segments compared: a segment’s ▲/▼ holds after adjusting for all of them.
        </p>
      )}
    </>
  );
}
